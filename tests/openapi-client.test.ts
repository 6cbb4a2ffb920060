// A client generated from the OpenAPI document type-checks: openapi-typescript
// turns the document into types, and openapi-fetch calls written against them
// compile cleanly, while calls that break the contract do not.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentOpenApiDocument } from '@/lib/openapi/routes';

// Inside the repository so that `openapi-fetch` resolves from node_modules; outside
// git, tsconfig and biome (node_modules/.cache is where tools keep such files).
const DIR = path.join(
  process.cwd(),
  'node_modules',
  '.cache',
  `openapi-client-check-${process.pid}-${Date.now().toString(36)}`,
);

const GOOD = `
import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

type TimeEntry = components['schemas']['TimeEntry'];

const client = createClient<paths>({ baseUrl: '/api/v1/time-tracking', headers: { Authorization: 'Bearer x' } });

export async function useEveryOperation() {
  const settings = await client.GET('/settings');
  const rate: number | undefined = settings.data?.default_hourly_rate;
  const currency: string | undefined = settings.data?.currency;
  await client.PUT('/settings', { body: { default_hourly_rate: 72.5, timezone: 'UTC-3' } });

  const list = await client.GET('/entries', {
    params: { query: { start_date: '2024-01-01', payment_status: 'paid', skip: 0, limit: 1000 } },
  });
  const entries: TimeEntry[] | undefined = list.data;

  const created = await client.POST('/entries', {
    body: { start_time: '2024-01-22T09:00:00Z', end_time: null, hourly_rate: 50, notes: 'Design review' },
  });
  if (created.data) {
    const id: number = created.data.id;
    const end: string | null = created.data.end_time;
    const earned: number | null = created.data.total_earned;
    await client.GET('/entries/{entry_id}', { params: { path: { entry_id: id } } });
    await client.PUT('/entries/{entry_id}', { params: { path: { entry_id: id } }, body: { notes: null, end_time: null } });
    await client.DELETE('/entries/{entry_id}', { params: { path: { entry_id: id } } });
    await client.POST('/sessions/{entry_id}/stop', { params: { path: { entry_id: id } }, body: {} });
    void [end, earned];
  }
  if (created.error) {
    const code: components['schemas']['Problem']['code'] = created.error.code;
    const running: TimeEntry | null | undefined = created.error.active_entry;
    void [code, running];
  }

  await client.POST('/batch-update-payment-status', { body: { entry_ids: [1, 2, 3], payment_status: 'paid' } });
  const started = await client.POST('/sessions/start', { body: { timezone: 'America/New_York' } });
  const active = await client.GET('/sessions/active');
  const current: TimeEntry | null | undefined = active.data;
  const stats = await client.GET('/stats', { params: { query: { period: 'week', timezone: 'UTC+05:30' } } });
  const unpaid: number | undefined = stats.data?.unpaid_amount;
  const document = await client.GET('/openapi.json');
  void [rate, currency, entries, started, current, unpaid, document];
}
`;

// Each line marked "wrong" breaks the contract and must produce a compiler error there.
const WRONG = `
import createClient from 'openapi-fetch';
import type { paths } from './schema';

const client = createClient<paths>({ baseUrl: '/api/v1/time-tracking' });

export async function breakTheContract() {
  await client.PUT('/settings', { body: { default_hourly_rate: '50' } }); // wrong: a rate is a number
  await client.GET('/entries/{entry_id}', { params: { path: { entry_id: 'abc' } } }); // wrong: an id is an integer
  await client.POST('/entries', { body: { notes: 'no start' } }); // wrong: start_time is required
  await client.GET('/stats', { params: { query: { period: 'decade' } } }); // wrong: not a period
  await client.GET('/timesheets'); // wrong: no such path
  await client.PATCH('/settings', { body: {} }); // wrong: no such method
  const settings = await client.GET('/settings');
  const rate: string | undefined = settings.data?.default_hourly_rate; // wrong: a rate comes back as a number
  void rate;
}
`;

function compile(file: string) {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ({
    file: d.file?.fileName,
    line: d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0,
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

describe('a TypeScript client generated from the document', () => {
  let schema = '';

  beforeAll(async () => {
    const nodes = await openapiTS(structuredClone(await currentOpenApiDocument()) as OpenAPI3);
    schema = astToString(nodes);
    mkdirSync(DIR, { recursive: true });
    // .ts rather than .d.ts, so that skipLibCheck does not skip checking it.
    writeFileSync(path.join(DIR, 'schema.ts'), schema);
    writeFileSync(path.join(DIR, 'good.ts'), GOOD);
    writeFileSync(path.join(DIR, 'wrong.ts'), WRONG);
  }, 120_000);

  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  it('has every path and the components', () => {
    for (const p of [
      '/entries',
      '/entries/{entry_id}',
      '/sessions/{entry_id}/stop',
      '/settings',
      '/stats',
      '/openapi.json',
    ]) {
      expect(schema).toContain(`"${p}": {`);
    }
    expect(schema).toMatch(/TimeEntry: \{/);
    expect(schema).toMatch(/"X-Total-Count": number/);
  });

  it('type-checks calls that follow the contract', () => {
    const diagnostics = compile(path.join(DIR, 'good.ts'));
    expect(diagnostics).toEqual([]);
  }, 120_000);

  it('rejects calls that break it, each on its own line', () => {
    const diagnostics = compile(path.join(DIR, 'wrong.ts'));
    const inWrongFile = diagnostics.filter((d) => d.file?.endsWith('wrong.ts'));
    expect(inWrongFile.length, JSON.stringify(diagnostics, null, 2)).toBe(diagnostics.length);
    const marked = WRONG.split('\n').flatMap((line, i) => (line.includes('// wrong:') ? [i + 1] : []));
    expect(marked).toHaveLength(7);
    expect([...new Set(inWrongFile.map((d) => d.line))].sort((a, b) => a - b)).toEqual(marked);
  }, 120_000);
});
