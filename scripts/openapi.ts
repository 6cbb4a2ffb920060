// npm run openapi – writes the OpenAPI document derived from the route
// declarations to docs/openapi.json (what GET /api/v1/time-tracking/openapi.json
// serves), formatted by the project's Biome so that `biome check` accepts it.
// The file is committed; tests/openapi.test.ts fails when it is stale.
// `npm run openapi -- --check` only compares.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { currentOpenApiDocument } from '@/lib/openapi/routes';

const FILE = 'docs/openapi.json';

function formatted(json: string): string {
  const biome = require.resolve('@biomejs/biome/bin/biome');
  return execFileSync(process.execPath, [biome, 'format', `--stdin-file-path=${FILE}`], {
    input: json,
    encoding: 'utf8',
  });
}

async function main() {
  const target = path.join(process.cwd(), FILE);
  const text = formatted(`${JSON.stringify(await currentOpenApiDocument(), null, 2)}\n`);
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {}
    if (committed !== text) {
      console.error(`${FILE} is out of date: run \`npm run openapi\` and commit it.`);
      process.exit(1);
    }
    console.log(`${FILE} is up to date.`);
  } else {
    writeFileSync(target, text);
    console.log(`Wrote ${FILE}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
