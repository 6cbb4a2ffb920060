// The TypeScript types of the OpenAPI document for lib/client/api-schema.ts,
// with openapi-typescript, formatted by the project's Biome so that `biome
// check` accepts them. `npm run openapi` writes them beside docs/openapi.json;
// the browser client (lib/client/api.ts) is typed from them, and
// tests/client-schema.test.ts fails when they are stale.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';

export const DOCUMENT_FILE = 'docs/openapi.json';
export const TYPES_FILE = 'lib/client/api-schema.ts';

const HEADER = `// Generated from ${DOCUMENT_FILE} by scripts/openapi-types.ts (npm run openapi): do not edit.
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
