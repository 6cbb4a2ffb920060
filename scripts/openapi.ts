// npm run openapi – writes the OpenAPI document derived from the route
// declarations to docs/openapi.json (what GET /api/v1/time-tracking/openapi.json
// serves), and the browser client's types generated from it to
// lib/client/api-schema.ts, both formatted by the project's Biome. Both files
// are committed; tests/openapi.test.ts and tests/client-schema.test.ts fail
// when they are stale. `npm run openapi -- --check` only compares.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { currentOpenApiDocument } from '@/lib/openapi/routes';
import { DOCUMENT_FILE, openApiTypes, TYPES_FILE } from './openapi-types';

function formatted(json: string): string {
  const biome = require.resolve('@biomejs/biome/bin/biome');
  return execFileSync(process.execPath, [biome, 'format', `--stdin-file-path=${DOCUMENT_FILE}`], {
    input: json,
    encoding: 'utf8',
  });
}

/** Writes the file, or with --check only says whether it is current; true when it is (or now is). */
function update(file: string, text: string): boolean {
  const target = path.join(process.cwd(), file);
  if (!process.argv.includes('--check')) {
    writeFileSync(target, text);
    console.log(`Wrote ${file}`);
    return true;
  }
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {}
  if (committed === text) {
    console.log(`${file} is up to date.`);
    return true;
  }
  console.error(`${file} is out of date: run \`npm run openapi\` and commit it.`);
  return false;
}

async function main() {
  const document = await currentOpenApiDocument();
  const documentCurrent = update(DOCUMENT_FILE, formatted(`${JSON.stringify(document, null, 2)}\n`));
  const typesCurrent = update(TYPES_FILE, await openApiTypes(structuredClone(document) as never));
  if (!documentCurrent || !typesCurrent) process.exit(1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
