// Item 1 of issue 12: the embedded database has exactly one writer. Before,
// two `next start` on one PGLITE_DIR both acknowledged writes (with the same
// ids) and the folder afterwards could not be opened or had lost them, and
// `npm run db:migrate` on a running server's folder exited 0 and every write
// acknowledged after it was gone after a restart. Now whoever opens the folder
// takes its lock first (db/embedded-lock.ts): a second opener is refused at
// once, naming the folder and the holder's pid; a lock left by kill -9 is taken
// over by the next server without manual steps. Every write a server
// acknowledged must be there after a restart.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TimeEntry } from '@/lib/time-tracking/schemas';
import { ROOT } from '@/scripts/ensure-build';
import { type RunningServer, startServer } from '@/scripts/next-server';
import { newUserId } from '../helpers/auth';
import { openMigratedPglite } from '../helpers/migrated-database';
import { type Api, createClient } from './harness/client';
import { HARDENING_SECRET, onPostgres } from './harness/environment';

const BASE = '/api/v1/time-tracking';
/** A second opener must be refused at once: well within one server start. */
const REFUSAL_BOUND_MS = 15_000;

const folders: string[] = [];
const servers: RunningServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});
afterAll(() => {
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

/** A PGLITE_DIR with every migration applied, closed again (so free). */
async function migratedFolder(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tt-owner-'));
  folders.push(dir);
  await (await openMigratedPglite(dir)).close();
  return dir;
}

async function serve(dir: string): Promise<{ server: RunningServer; api: Api }> {
  const server = await startServer({
    env: { AUTH_JWT_SECRET: HARDENING_SECRET, TZ: process.env.HARDENING_SERVER_TZ ?? 'UTC', PGLITE_DIR: dir },
  });
  servers.push(server);
  return { server, api: createClient(server.url) };
}

/** Starts a server expected to be refused: its output and how long the refusal took, or the server if it started. */
async function serveRefused(dir: string) {
  const started = performance.now();
  try {
    return { started: await serve(dir), ms: performance.now() - started };
  } catch (error) {
    return { refusal: (error as Error).message, ms: performance.now() - started };
  }
}

let sequence = 0;
/** One entry (a distinct hour per call); resolves with it once the server acknowledged it (201), else undefined. */
async function write(api: Api, userId: number): Promise<TimeEntry | undefined> {
  const n = sequence++;
  const start = Date.UTC(2024, 0, 1) + n * 3_600_000;
  try {
    const res = await api('POST', `${BASE}/entries`, {
      userId,
      body: {
        start_time: new Date(start).toISOString(),
        end_time: new Date(start + 1_800_000).toISOString(),
        notes: `acknowledged write ${n}`,
      },
    });
    return res.status === 201 ? (res.body as TimeEntry) : undefined;
  } catch {
    return undefined; // no answer (the server was killed): not acknowledged
  }
}

async function writeMany(api: Api, userId: number, count: number): Promise<TimeEntry[]> {
  const written: TimeEntry[] = [];
  for (let i = 0; i < count; i++) {
    const entry = await write(api, userId);
    expect(entry, 'the owner acknowledges every write').toBeDefined();
    written.push(entry!);
  }
  return written;
}

/** After a restart on the folder: every acknowledged entry is there, unchanged, and ids are unique. */
async function expectSurvived(dir: string, userId: number, acknowledged: TimeEntry[]) {
  const { server, api } = await serve(dir);
  const list = await api('GET', `${BASE}/entries?limit=1000`, { userId });
  expect(list.status, list.text.slice(0, 300)).toBe(200);
  const stored = list.body as TimeEntry[];
  expect(new Set(stored.map((e) => e.id)).size).toBe(stored.length);
  const byId = new Map(stored.map((e) => [e.id, e]));
  const missing = acknowledged.filter((e) => !byId.has(e.id));
  expect(
    missing.map((e) => e.notes),
    'acknowledged writes lost',
  ).toEqual([]);
  for (const entry of acknowledged) expect(byId.get(entry.id)).toEqual(entry);
  await server.stop();
}

const lockFiles = (dir: string) => readdirSync(dir).filter((name) => /^owner-\d+\.lock$/.test(name));

// PGlite only: on Postgres many server instances share one database by design.
describe.skipIf(onPostgres)(
  'one owner per embedded database (PGLITE_DIR; skipped on Postgres, which has many writers by design)',
  () => {
    it('refuses a second `next start` on the folder at once; the first keeps every acknowledged write', async () => {
      const dir = await migratedFolder();
      const userId = newUserId();
      const first = await serve(dir);
      const acknowledged = await writeMany(first.api, userId, 5);

      const second = await serveRefused(dir);
      if (second.started) {
        // The old behaviour: both acknowledge writes. Show it, then fail.
        for (let i = 0; i < 3; i++) await write(second.started.api, userId);
      }
      expect(second.refusal, 'a second server on the same PGLITE_DIR must not start').toBeDefined();
      expect(second.refusal).toContain(
        `The embedded database in ${dir} is in use by process ${first.server.pid}`,
      );
      expect(second.ms).toBeLessThan(REFUSAL_BOUND_MS);
      console.log(`second next start refused after ${Math.round(second.ms)} ms`);

      // The owner goes on serving.
      acknowledged.push(...(await writeMany(first.api, userId, 5)));
      await first.server.stop();
      expect(lockFiles(dir), 'a server stopped with SIGTERM gives the folder back').toEqual([]);
      await expectSurvived(dir, userId, acknowledged);
    });

    it('refuses `npm run db:migrate` on a running server’s folder; no acknowledged write is lost', async () => {
      const dir = await migratedFolder();
      const userId = newUserId();
      const { server, api } = await serve(dir);
      const acknowledged = await writeMany(api, userId, 3);

      const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
      const started = performance.now();
      const result = await promisify(execFile)(tsx, ['db/migrate.ts'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: dir },
      }).then(
        ({ stdout, stderr }) => ({ code: 0, output: `${stdout}${stderr}` }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({
          code: error.code,
          output: `${error.stdout}${error.stderr}`,
        }),
      );
      const ms = performance.now() - started;
      acknowledged.push(...(await writeMany(api, userId, 3)));

      expect(result.code, result.output).not.toBe(0);
      expect(result.output).toContain(
        `Migration refused: The embedded database in ${dir} is in use by process ${server.pid}`,
      );
      console.log(`db:migrate refused after ${Math.round(ms)} ms`);

      await server.stop();
      await expectSurvived(dir, userId, acknowledged);
    });

    it('loses no acknowledged write to kill -9 during writes, and the next server takes over the stale lock', async () => {
      const dir = await migratedFolder();
      const userId = newUserId();
      const { server, api } = await serve(dir);
      // The server opens the database on first use.
      const acknowledged = await writeMany(api, userId, 1);

      let writing = true;
      const writers = Array.from({ length: 4 }, async () => {
        while (writing) {
          const entry = await write(api, userId);
          if (entry) acknowledged.push(entry);
          else break;
        }
      });
      // Killed while the writers are busy: once 20 more writes were acknowledged (or after 10 s).
      const deadline = Date.now() + 10_000;
      while (acknowledged.length < 21 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      server.child.kill('SIGKILL');
      await new Promise((r) => server.child.once('exit', r));
      writing = false;
      await Promise.all(writers);
      expect(acknowledged.length).toBeGreaterThan(10);

      // The dead server's lock is still there; the next one takes it over by itself.
      expect(lockFiles(dir).length).toBe(1);
      const next = await serve(dir);
      const [file] = lockFiles(dir);
      expect(JSON.parse(readFileSync(path.join(dir, file!), 'utf8')).pid).toBe(next.server.pid);
      await next.server.stop();
      await expectSurvived(dir, userId, acknowledged);
      console.log(`kill -9 after ${acknowledged.length} acknowledged writes: all of them survived`);
    });
  },
);
