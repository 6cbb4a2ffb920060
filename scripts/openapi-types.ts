// npm run openapi:types – writes the TypeScript types of the committed OpenAPI
// document (docs/openapi.json) to lib/client/api-schema.ts with openapi-typescript,
// formatted by the project's Biome so that `biome check` accepts it. The browser
// client (lib/client/api.ts) is typed from it; tests/client-schema.test.ts fails
// when it is stale. `npm run openapi:types -- --check` only compares.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

export const DOCUMENT_FILE = 'docs/openapi.json';
export const TYPES_FILE = 'lib/client/api-schema.ts';

const HEADER = `// Generated from ${DOCUMENT_FILE} by scripts/openapi-types.ts (npm run openapi:types): do not edit.
`;

function formatted(source: string): string {
  const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
  return execFileSync(process.execPath, [biome, 'format', `--stdin-file-path=${TYPES_FILE}`], {
    input: source,
    encoding: 'utf8',
  });
}

/** The formatted contents of lib/client/api-schema.ts for an OpenAPI document (object or JSON text). */
export async function openApiTypes(document: OpenAPI3 | string): Promise<string> {
  // openapi-typescript resolves $refs in place, so it gets its own copy.
  const source = typeof document === 'string' ? JSON.parse(document) : structuredClone(document);
  const nodes = await openapiTS(source as OpenAPI3, { silent: true });
  return formatted(`${HEADER}\n${astToString(nodes)}`);
}

async function main() {
  const root = process.cwd();
  const text = await openApiTypes(readFileSync(path.join(root, DOCUMENT_FILE), 'utf8'));
  const target = path.join(root, TYPES_FILE);
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(target, 'utf8');
    } catch {}
    if (committed !== text) {
      console.error(`${TYPES_FILE} is out of date: run \`npm run openapi:types\` and commit it.`);
      process.exit(1);
    }
    console.log(`${TYPES_FILE} is up to date.`);
  } else {
    writeFileSync(target, text);
    console.log(`Wrote ${TYPES_FILE}`);
  }
}

// Run as a script (tsx scripts/openapi-types.ts), not when a test imports it.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
