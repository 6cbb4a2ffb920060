// What the bench asks of the server: each endpoint as an autocannon request
// sequence, as one sequential "unit" of work, and as the domain calls whose SQL
// is the database floor.
import type autocannon from 'autocannon';
import { SignJWT } from 'jose';
import { createEntry, listEntries, updateEntry } from '@/lib/time-tracking/entries';
import { getSummaryReport } from '@/lib/time-tracking/reports';
import {
  createEntrySchema,
  listEntriesQuerySchema,
  reportQuerySchema,
  startSessionSchema,
  statsQuerySchema,
  stopSessionSchema,
  updateEntrySchema,
} from '@/lib/time-tracking/schemas';
import { getActiveSession, startSession, stopSession } from '@/lib/time-tracking/sessions';
import { getStats } from '@/lib/time-tracking/stats';
import type { Capture } from './floor';
import type { HttpClient } from './load';
import type { SeedInfo } from './seed';

const API = '/api/v1/time-tracking';

export interface Scenario {
  key: string;
  label: string;
  kind: 'ceiling' | 'read' | 'write';
  /**
   * Minimum throughput as a share of the ceiling at 10 connections: what must not
   * get worse (issue 11; the figures before it were about 58–81%).
   */
  target?: number;
  /** HTTP requests per unit of work (a start/stop cycle is two). */
  requestsPerUnit: number;
  /** Included in the growth curve / autocannon runs. */
  load: boolean;
  requests: () => autocannon.Request[];
  /** One unit of work over one keep-alive connection; throws on an unexpected status. */
  once: (client: HttpClient) => Promise<unknown>;
  floor?: {
    capture: Capture;
    /** Writes record one script per worker (each its own user), in `variants` alternating forms. */
    perWorker: boolean;
    variants: number;
  };
}

export type Tokens = Map<number, string>;

export async function signTokens(secret: string, userIds: number[]): Promise<Tokens> {
  const key = new TextEncoder().encode(secret);
  const tokens: Tokens = new Map();
  for (const userId of new Set(userIds)) {
    tokens.set(
      userId,
      await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(String(userId))
        .setIssuedAt()
        .setExpirationTime('6h')
        .sign(key),
    );
  }
  return tokens;
}

/** Query string → the validated query the route hands to the domain function. */
function parsedQuery(query: string) {
  const raw: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(query)) if (v !== '' && !(k in raw)) raw[k] = v;
  return raw;
}

/** 100000 → "100k". */
export const sizeLabel = (entries: number) =>
  entries >= 1000 ? `${Math.round(entries / 1000)}k` : String(entries);

const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)]!;

function read(
  key: string,
  label: string,
  path: string,
  token: string,
  capture: Capture,
  target?: number,
  load = true,
): Scenario {
  const headers = { authorization: `Bearer ${token}` };
  return {
    key,
    label,
    kind: 'read',
    target,
    requestsPerUnit: 1,
    load,
    requests: () => [{ method: 'GET', path, headers }],
    once: (client) => client.expect(200, 'GET', path, token),
    floor: { capture, perWorker: false, variants: 1 },
  };
}

function listScenario(
  key: string,
  label: string,
  userId: number,
  query: string,
  tokens: Tokens,
  target?: number,
  load = true,
) {
  return read(
    key,
    label,
    `${API}/entries?${query}&_t=1700000000000`,
    tokens.get(userId)!,
    async (db) => {
      const page = await listEntries(db, userId, listEntriesQuerySchema.parse(parsedQuery(query)));
      // A large page is read in pieces, as the route streams it.
      if ('read' in page) await page.read(page.ids);
      return undefined;
    },
    target,
    load,
  );
}

function statsScenario(
  key: string,
  label: string,
  userId: number,
  tokens: Tokens,
  target?: number,
  load = true,
) {
  return read(
    key,
    label,
    `${API}/stats?_t=1700000000000`,
    tokens.get(userId)!,
    async (db) => {
      await getStats(db, userId, statsQuerySchema.parse({}));
      return undefined;
    },
    target,
    load,
  );
}

/** GET /reports/summary with `query`: the page's "year by month" chart. */
function reportScenario(
  key: string,
  label: string,
  userId: number,
  query: string,
  tokens: Tokens,
  target?: number,
  load = true,
) {
  return read(
    key,
    label,
    `${API}/reports/summary?${query}&_t=1700000000000`,
    tokens.get(userId)!,
    async (db) => {
      await getSummaryReport(db, userId, reportQuerySchema.parse(parsedQuery(query)));
      return undefined;
    },
    target,
    load,
  );
}

/** Twelve calendar months ending with the month `info.month` (the seed's last complete month), by month. */
function yearByMonthQuery(info: SeedInfo) {
  const [y, m] = info.month.from.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 12, 1)).toISOString().slice(0, 10);
  return `start_date=${first}&end_date=${info.month.to}&group_by=month`;
}

/** A random completed entry in the last three years, as the frontend's "add entry" dialog sends it. */
function randomEntryBody() {
  const start = Math.floor((Date.now() - Math.random() * 3 * 365 * 86_400_000) / 1000) * 1000;
  const seconds = 900 + Math.floor(Math.random() * 27_900);
  return JSON.stringify({
    start_time: new Date(start).toISOString().slice(0, 19),
    end_time: new Date(start + seconds * 1000).toISOString().slice(0, 19),
    notes: 'bench entry',
  });
}

/** PUT body: a new rate (so the totals change) and notes, as the edit dialog sends them. */
const updateBody = (variant: number) =>
  JSON.stringify({
    hourly_rate: 60 + (variant % 2) + Math.floor(Math.random() * 20),
    notes: `bench edit ${variant}`,
  });

export function buildScenarios(info: SeedInfo, tokens: Tokens): { main: Scenario[]; curve: Scenario[] } {
  const heavy = info.heavyUser;
  const heavySize = sizeLabel(info.curveUsers.find((c) => c.userId === heavy)?.entries ?? 0);
  const auth = (userId: number) => ({ authorization: `Bearer ${tokens.get(userId)!}` });
  const monthQuery = `start_date=${info.month.from}&end_date=${info.month.to}`;
  const reportQuery = yearByMonthQuery(info);

  const ceiling: Scenario = {
    key: 'live',
    label: 'GET /api/health/live (ceiling)',
    kind: 'ceiling',
    requestsPerUnit: 1,
    load: true,
    requests: () => [{ method: 'GET', path: '/api/health/live' }],
    once: (client) => client.expect(200, 'GET', '/api/health/live'),
  };

  // One start/stop cycle per write user at a time: a user may run only one timer.
  const startStop: Scenario = {
    key: 'start-stop',
    label: 'POST /sessions/start + POST /sessions/{id}/stop',
    kind: 'write',
    requestsPerUnit: 2,
    load: true,
    requests: () => {
      const free = [...info.writeUsers];
      type Context = { user?: number; id?: number };
      return [
        {
          method: 'POST',
          path: `${API}/sessions/start`,
          setupRequest: (req, context: Context) => {
            context.user = free.pop() ?? pick(info.writeUsers);
            return {
              ...req,
              headers: { ...auth(context.user), 'content-type': 'application/json' },
              body: '{}',
            };
          },
          onResponse: (status, body, context: Context) => {
            if (status === 201) context.id = JSON.parse(body).id;
            else if (context.user !== undefined) free.unshift(context.user);
          },
        },
        {
          method: 'POST',
          setupRequest: (req, context: Context) =>
            context.id === undefined
              ? (null as unknown as autocannon.Request)
              : { ...req, path: `${API}/sessions/${context.id}/stop`, headers: auth(context.user!) },
          onResponse: (_status, _body, context: Context) => {
            if (context.user !== undefined) free.unshift(context.user);
          },
        },
      ];
    },
    once: async (client) => {
      const user = info.writeUsers[0]!;
      const started = await client.expect(201, 'POST', `${API}/sessions/start`, tokens.get(user), '{}');
      const id = JSON.parse(started.body).id as number;
      await client.expect(200, 'POST', `${API}/sessions/${id}/stop`, tokens.get(user));
    },
    floor: {
      perWorker: true,
      variants: 1,
      capture: async (db, worker) => {
        const user = info.writeUsers[worker % info.writeUsers.length]!;
        const entry = await startSession(db, user, startSessionSchema.parse({}));
        await stopSession(db, user, entry.id, stopSessionSchema.parse({}));
        return [entry.id];
      },
    },
  };

  const put: Scenario = {
    key: 'put',
    label: 'PUT /entries/{id}',
    kind: 'write',
    requestsPerUnit: 1,
    load: true,
    requests: () => {
      let n = 0;
      return [
        {
          method: 'PUT',
          setupRequest: (req) => {
            const target = pick(info.writeEntries);
            return {
              ...req,
              path: `${API}/entries/${target.entryId}`,
              headers: { ...auth(target.userId), 'content-type': 'application/json' },
              body: updateBody(n++),
            };
          },
        },
      ];
    },
    once: async (client) => {
      const target = pick(info.writeEntries);
      await client.expect(
        200,
        'PUT',
        `${API}/entries/${target.entryId}`,
        tokens.get(target.userId),
        updateBody(0),
      );
    },
    floor: {
      perWorker: true,
      variants: 2,
      capture: async (db, worker, variant) => {
        const user = info.writeUsers[worker % info.writeUsers.length]!;
        const entry = info.writeEntries.find((e) => e.userId === user)!;
        await updateEntry(
          db,
          user,
          entry.entryId,
          updateEntrySchema.parse({ hourly_rate: 60 + variant, notes: `bench edit ${variant}` }),
        );
        return undefined;
      },
    },
  };

  const post: Scenario = {
    key: 'post',
    label: 'POST /entries',
    kind: 'write',
    requestsPerUnit: 1,
    load: true,
    requests: () => [
      {
        method: 'POST',
        path: `${API}/entries`,
        setupRequest: (req) => ({
          ...req,
          headers: { ...auth(pick(info.writeUsers)), 'content-type': 'application/json' },
          body: randomEntryBody(),
        }),
      },
    ],
    once: (client) =>
      client.expect(201, 'POST', `${API}/entries`, tokens.get(pick(info.writeUsers)), randomEntryBody()),
    floor: {
      perWorker: true,
      variants: 1,
      capture: async (db, worker) => {
        const user = info.writeUsers[worker % info.writeUsers.length]!;
        await createEntry(db, user, createEntrySchema.parse(JSON.parse(randomEntryBody())));
        return undefined;
      },
    },
  };

  const main: Scenario[] = [
    ceiling,
    listScenario('list', `GET /entries?limit=100 (${heavySize} user)`, heavy, 'limit=100', tokens, 0.5),
    listScenario(
      'month',
      `GET /entries month view, limit=100 (${heavySize} user)`,
      heavy,
      `${monthQuery}&limit=100`,
      tokens,
      0.5,
    ),
    listScenario(
      'month-1000',
      `GET /entries month view, limit=1000 (${heavySize} user; information)`,
      heavy,
      `${monthQuery}&limit=1000`,
      tokens,
      undefined,
    ),
    statsScenario('stats', `GET /stats (${heavySize} user)`, heavy, tokens, 0.45),
    reportScenario(
      'report',
      `GET /reports/summary, a year by month (${heavySize} user; information)`,
      heavy,
      reportQuery,
      tokens,
    ),
    read(
      'active',
      `GET /sessions/active (${heavySize} user, timer running)`,
      `${API}/sessions/active`,
      tokens.get(heavy)!,
      async (db) => {
        await getActiveSession(db, heavy);
        return undefined;
      },
      0.5,
    ),
    startStop,
    put,
    post,
  ];

  const curve = info.curveUsers.flatMap(({ entries, userId }) => {
    const size = sizeLabel(entries);
    return [
      listScenario(
        `list@${size}`,
        `GET /entries?limit=100 (${size} user)`,
        userId,
        'limit=100',
        tokens,
        undefined,
        false,
      ),
      statsScenario(`stats@${size}`, `GET /stats (${size} user)`, userId, tokens, undefined, false),
      reportScenario(
        `report@${size}`,
        `GET /reports/summary, a year by month (${size} user)`,
        userId,
        reportQuery,
        tokens,
        undefined,
        false,
      ),
    ];
  });
  return { main, curve };
}
