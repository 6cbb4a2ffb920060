// lib/client/api-schema.ts, the types the browser client is written against,
// is generated from the committed docs/openapi.json: it must not fall behind it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENT_FILE, openApiTypes, TYPES_FILE } from '@/scripts/openapi-types';

const read = (file: string) => readFileSync(path.join(process.cwd(), file), 'utf8');

describe('the client types', () => {
  it(`are the ones generated from ${DOCUMENT_FILE}`, async () => {
    const generated = await openApiTypes(read(DOCUMENT_FILE));
    expect(read(TYPES_FILE), `${TYPES_FILE} is stale: run \`npm run openapi\` and commit it`).toBe(generated);
  }, 60_000);

  it('follow a change to the document', async () => {
    const document = JSON.parse(read(DOCUMENT_FILE));
    document.components.schemas.Problem.properties.trace_url = { type: 'string' };
    const generated = await openApiTypes(document);
    expect(generated).not.toBe(read(TYPES_FILE));
    expect(generated).toMatch(/trace_url\?: string;/);
  }, 60_000);
});
