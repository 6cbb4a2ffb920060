// The embedded database's one-owner lock (db/embedded-lock.ts), with real
// processes: a second opener is refused at once with a message naming the
// folder and the holder's pid; a lock left by a killed process, or by a pid
// that now belongs to another process, is taken over without manual steps;
// racing openers get one winner; within one process the lock is re-entrant,
// but one folder is never open twice.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createOwnedPglite } from '@/db/client';
import { EmbeddedDatabaseLockedError, lockEmbeddedDatabase } from '@/db/embedded-lock';

const HOLDER = path.join(process.cwd(), 'tests', 'helpers', 'lock-holder.ts');

const root = mkdtempSync(path.join(tmpdir(), 'tt-embedded-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let count = 0;
const folder = () => {
  const dir = path.join(root, `db-${++count}`);
  mkdirSync(dir);
  return dir;
};
const lockFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => /^owner-\d+\.lock$/.test(name))
    .sort();

interface Reply {
  pid: number;
  locked: boolean;
  error?: string;
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

/** Starts lock-holder.ts; resolves with the process and its one-line reply. */
function holder(dir: string, mode = 'hold'): Promise<{ child: ChildProcess; reply: Reply }> {
  // Node itself with tsx's loader (not the tsx command, which runs the script in a child of its own).
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, dir, mode], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ child, reply: JSON.parse(line) });
    });
    child.stderr?.on('data', (chunk) => {
      err += chunk;
    });
    child.on('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`lock-holder exited with ${code}: ${err}`));
    });
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });

function refusal(dir: string): EmbeddedDatabaseLockedError {
  try {
    lockEmbeddedDatabase(dir).release();
  } catch (error) {
    expect(error).toBeInstanceOf(EmbeddedDatabaseLockedError);
    return error as EmbeddedDatabaseLockedError;
  }
  throw new Error(`${dir} was not refused`);
}

/** A lock file as another process would have written it. */
function plantLock(dir: string, n: number, holder: Record<string, unknown>) {
  writeFileSync(
    path.join(dir, `owner-${n}.lock`),
    JSON.stringify({ since: '2026-01-01T00:00:00Z', ...holder }),
  );
}

const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();

describe('lockEmbeddedDatabase', () => {
  it('refuses a second process at once, naming the folder and the holder pid', async () => {
    const dir = folder();
    const first = await holder(dir);
    expect(first.reply.locked).toBe(true);

    const started = performance.now();
    const second = await holder(dir, 'try:0');
    expect(second.reply.locked).toBe(false);
    expect(second.reply.error).toContain(
      `The embedded database in ${dir} is in use by process ${first.reply.pid}`,
    );
    // And in this process, without waiting for anything.
    const error = refusal(dir);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(error.message).toContain(dir);
    expect(error.holder?.pid).toBe(first.reply.pid);
    expect(lockFiles(dir)).toEqual(['owner-1.lock']);
  });

  it('takes over the lock of a process killed with SIGKILL, by creating the next lock file', async () => {
    const dir = folder();
    const first = await holder(dir);
    expect(first.reply.locked).toBe(true);
    first.child.kill('SIGKILL');
    await exited(first.child);

    const lock = lockEmbeddedDatabase(dir);
    expect(lockFiles(dir)).toEqual(['owner-2.lock']);
    expect(JSON.parse(readFileSync(path.join(dir, 'owner-2.lock'), 'utf8')).pid).toBe(process.pid);
    // Now this process is the holder another one meets.
    const other = await holder(dir, 'try:0');
    expect(other.reply).toMatchObject({ locked: false });
    expect(other.reply.error).toContain(`process ${process.pid}`);
    lock.release();
    expect(lockFiles(dir)).toEqual([]);
  });

  it('frees the folder when the holder exits normally', async () => {
    const dir = folder();
    const first = await holder(dir, 'exit');
    expect(first.reply.locked).toBe(true);
    await exited(first.child);
    expect(lockFiles(dir)).toEqual([]);
    lockEmbeddedDatabase(dir).release();
  });

  it('does not mistake another process that has the recorded pid for the holder', async () => {
    const dir = folder();
    // A live process (this one's parent, say) under the pid, but not the process that took the lock.
    const live = process.ppid;
    plantLock(dir, 4, { pid: live, hostname: hostname(), bootId: bootId(), startTime: '1' });
    const lock = lockEmbeddedDatabase(dir);
    expect(lockFiles(dir)).toEqual(['owner-5.lock']);
    lock.release();

    // A lock from before the last reboot is stale whatever runs under its pid now.
    plantLock(dir, 7, { pid: live, hostname: hostname(), bootId: 'another-boot', startTime: null });
    lockEmbeddedDatabase(dir).release();

    // But the same pid with the same start time is the holder.
    const stat = readFileSync(`/proc/${live}/stat`, 'utf8');
    const startTime = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    plantLock(dir, 9, { pid: live, hostname: hostname(), bootId: bootId(), startTime });
    expect(refusal(dir).message).toContain(`in use by process ${live}`);
  });

  it('refuses a holder on another host, saying which file to delete if it is gone', () => {
    const dir = folder();
    lockEmbeddedDatabase(dir).release();
    plantLock(dir, 1, { pid: 12345, hostname: 'elsewhere.example', bootId: 'x', startTime: '1' });
    const { message } = refusal(dir);
    expect(message).toContain('held by process 12345 on host elsewhere.example');
    expect(message).toContain(`delete ${path.join(dir, 'owner-1.lock')}`);
  });

  it('refuses a lock file it cannot read instead of guessing', () => {
    const dir = folder();
    lockEmbeddedDatabase(dir).release();
    writeFileSync(path.join(dir, 'owner-3.lock'), 'not json');
    expect(refusal(dir).message).toContain('has a lock file that cannot be read');
  });

  it('lets exactly one of several processes racing for a stale lock win', async () => {
    const dir = folder();
    const dead = await holder(dir);
    dead.child.kill('SIGKILL');
    await exited(dead.child);
    const racers = await Promise.all(Array.from({ length: 6 }, () => holder(dir, 'try:10000')));
    const winners = racers.filter((r) => r.reply.locked);
    expect(winners).toHaveLength(1);
    for (const loser of racers.filter((r) => !r.reply.locked)) {
      expect(loser.reply.error).toContain(`in use by process ${winners[0]!.reply.pid}`);
    }
    expect(lockFiles(dir)).toEqual(['owner-2.lock']);
  }, 60_000);

  it('is re-entrant within a process, and frees the folder with the last release', async () => {
    const dir = folder();
    const outer = lockEmbeddedDatabase(dir);
    const inner = lockEmbeddedDatabase(dir);
    inner.release();
    inner.release(); // twice is once
    expect(lockFiles(dir)).toEqual(['owner-1.lock']);
    expect((await holder(dir, 'try:0')).reply.locked).toBe(false);
    outer.release();
    expect(lockFiles(dir)).toEqual([]);
    expect((await holder(dir, 'try:0')).reply.locked).toBe(true);
  });
});

describe('createOwnedPglite', () => {
  it('opens a folder once per process, under a lock that a server-wide hold shares', async () => {
    const dir = folder();
    const server = lockEmbeddedDatabase(dir); // as lib/startup.ts does
    const client = await createOwnedPglite(dir);
    await expect(createOwnedPglite(dir)).rejects.toThrow(`already open in this process (${process.pid})`);
    expect((await client.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await client.close();
    expect(lockFiles(dir)).toEqual(['owner-1.lock']);
    server.release();
    expect(lockFiles(dir)).toEqual([]);

    // Another process that holds the folder keeps PGlite from opening it at all.
    const other = await holder(dir);
    await expect(createOwnedPglite(dir)).rejects.toThrow(`in use by process ${other.reply.pid}`);
  }, 60_000);
});
