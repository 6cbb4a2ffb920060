// One owner per embedded database folder. PGlite has no lock of its own: two
// processes that open one folder both write to it, and the folder ends up
// unreadable or without the writes either acknowledged. Every opener (the
// server, npm run db:migrate and db:check, the bench, the tests) first takes
// this lock, so a second one fails at once with a message naming the holder.
//
// The lock is a file `owner-<n>.lock` inside the folder, created atomically
// (written under a temporary name, then hard-linked to its name, which fails if
// that exists). The file with the highest n is the lock. It records who holds
// it: pid, hostname, boot id and the process's start time (so a pid that was
// reused by another process after a reboot or a kill -9 is not mistaken for the
// holder). A lock whose holder is gone (same host, the process dead or another
// process under its pid) is stale: the next opener takes over by creating
// `owner-<n+1>.lock`, never by deleting and recreating, so two openers racing
// for a stale lock cannot both win. A holder on another host cannot be checked
// and is refused.
//
// Within one process the lock is re-entrant (the server's startup and its
// database both take it); the count lives on globalThis because Next.js may
// load this module more than once.
import { linkSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';

/** What a lock file records about its holder. */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** /proc/sys/kernel/random/boot_id where there is one: a reboot frees every lock of the host. */
  bootId: string | null;
  /** The process's start time in clock ticks after boot (/proc/<pid>/stat), where there is one. */
  startTime: string | null;
  /** When the lock was taken (ISO 8601), for the message. */
  since: string;
}

/** A folder another process holds (or that cannot be checked); the message says which and what to do. */
export class EmbeddedDatabaseLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | null,
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddedDatabaseLockedError';
  }
}

const LOCK_FILE = /^owner-(\d+)\.lock$/;
const lockName = (n: number) => `owner-${n}.lock`;

function readBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}

/** Field 3 (state) and field 22 (starttime) of /proc/<pid>/stat, or null without /proc. */
function procStat(pid: number): { state: string; startTime: string } | null | 'gone' {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return existsProc() ? 'gone' : null;
    return null;
  }
  // The command name (field 2) is in parentheses and may contain spaces or ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTime = fields[19];
  return state && startTime ? { state, startTime } : null;
}

function existsProc(): boolean {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
}

function describeSelf(): LockHolder {
  const stat = procStat(process.pid);
  return {
    pid: process.pid,
    hostname: hostname(),
    bootId: readBootId(),
    startTime: stat && stat !== 'gone' ? stat.startTime : null,
    since: new Date().toISOString(),
  };
}

/** Whether the holder recorded in a lock file (on this host) is still running. */
function isAlive(holder: LockHolder): boolean {
  const bootId = readBootId();
  if (holder.bootId && bootId && holder.bootId !== bootId) return false; // the host rebooted since
  const stat = procStat(holder.pid);
  if (stat === 'gone') return false;
  if (stat) {
    if (stat.state === 'Z' || stat.state === 'X') return false; // killed, not yet reaped
    if (holder.startTime && stat.startTime !== holder.startTime) return false; // another process under its pid
    return true;
  }
  // No /proc (macOS): whether any process has that pid.
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(value.pid) || typeof value.hostname !== 'string') return null;
    return {
      pid: value.pid as number,
      hostname: value.hostname,
      bootId: typeof value.bootId === 'string' ? value.bootId : null,
      startTime: typeof value.startTime === 'string' ? value.startTime : null,
      since: typeof value.since === 'string' ? value.since : 'an unknown time',
    };
  } catch {
    return null;
  }
}

/** The highest-numbered lock file in the folder, if any. */
function currentLock(dir: string): { n: number; file: string } | null {
  let best: { n: number; file: string } | null = null;
  for (const name of readdirSync(dir)) {
    const match = LOCK_FILE.exec(name);
    if (!match) continue;
    const n = Number(match[1]);
    if (!best || n > best.n) best = { n, file: path.join(dir, name) };
  }
  return best;
}

/** Creates `file` with `content` unless it exists: false if it does. */
function createExclusive(file: string, content: string): boolean {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, content, { flag: 'wx' });
  try {
    linkSync(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

interface Held {
  file: string;
  count: number;
  /** Whether a PGlite of this process has the folder open: a second one would corrupt it too. */
  open: boolean;
}

const registry = globalThis as typeof globalThis & { __embeddedDatabaseLocks?: Map<string, Held> };
const held = () => {
  if (!registry.__embeddedDatabaseLocks) {
    registry.__embeddedDatabaseLocks = new Map();
    // Let the next owner find the folder free (a kill -9 leaves a stale lock, which it takes over).
    process.once('exit', () => {
      for (const { file } of registry.__embeddedDatabaseLocks?.values() ?? []) removeQuietly(file);
    });
  }
  return registry.__embeddedDatabaseLocks;
};

function removeQuietly(file: string) {
  try {
    unlinkSync(file);
  } catch {}
}

const refusal = (dir: string, holder: LockHolder, file: string) =>
  holder.hostname === hostname()
    ? `The embedded database in ${dir} is in use by process ${holder.pid} (since ${holder.since}); ` +
      'only one process at a time may open it. Stop that process (the server, a migration or a check) ' +
      'and try again, or give this one another PGLITE_DIR.'
    : `The embedded database in ${dir} is held by process ${holder.pid} on host ${holder.hostname} ` +
      `(since ${holder.since}), which cannot be checked from ${hostname()}. Only one process at a time ` +
      `may open it. If that process is gone, delete ${file} and try again.`;

/** Whether `file` is gone or still has the content it had. */
function stillReads(file: string, text: string | undefined): boolean {
  try {
    return readFileSync(file, 'utf8') === text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
}

/** The lock files older than the current one, left by holders that were killed. */
function removeOlder(dir: string, n: number) {
  for (const name of readdirSync(dir)) {
    const match = LOCK_FILE.exec(name);
    if (match && Number(match[1]) < n) removeQuietly(path.join(dir, name));
  }
}

export interface EmbeddedLock {
  /** Gives this hold back; the file goes when the process's last hold does. */
  release: () => void;
}

/**
 * Takes the folder's lock for this process (creating the folder if needed), or
 * throws EmbeddedDatabaseLockedError at once if another live process holds it.
 * Each call must be paired with one `release`. With `open`, the hold is for the
 * process's one open PGlite of the folder: a second such hold is refused too.
 */
export function lockEmbeddedDatabase(folder: string, { open = false } = {}): EmbeddedLock {
  const dir = path.resolve(folder);
  const locks = held();
  const mine = locks.get(dir);
  if (mine) {
    if (open && mine.open) {
      throw new EmbeddedDatabaseLockedError(
        dir,
        null,
        `The embedded database in ${dir} is already open in this process (${process.pid}); ` +
          'close it before opening it again.',
      );
    }
    mine.count++;
    mine.open ||= open;
    return releaser(dir, mine, open);
  }
  mkdirSync(dir, { recursive: true });
  const self = describeSelf();
  const content = `${JSON.stringify(self, null, 2)}\n`;
  for (let attempt = 0; attempt < 100; attempt++) {
    const current = currentLock(dir);
    /** The stale lock file's content, as judged. */
    let text: string | undefined;
    if (current) {
      try {
        text = readFileSync(current.file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile
        throw error;
      }
      const holder = parseHolder(text);
      if (!holder) {
        throw new EmbeddedDatabaseLockedError(
          dir,
          null,
          `The embedded database in ${dir} has a lock file that cannot be read (${current.file}). ` +
            'If no process has the folder open, delete that file and try again.',
        );
      }
      if (holder.hostname !== self.hostname || isAlive(holder)) {
        throw new EmbeddedDatabaseLockedError(dir, holder, refusal(dir, holder, current.file));
      }
    }
    // Free, or stale: whoever creates the next file first owns the folder.
    const n = (current?.n ?? 0) + 1;
    const file = path.join(dir, lockName(n));
    if (!createExclusive(file, content)) continue;
    // A racer that took over an older file that was being cleaned up may have
    // created a lower number; only the highest counts, so check ours is it.
    // And if the file judged stale was meanwhile freed and taken again by a
    // live process (so this one paused between reading and creating), that
    // process owns the folder: back off.
    if (currentLock(dir)?.n !== n || (current && !stillReads(current.file, text))) {
      removeQuietly(file);
      continue;
    }
    removeOlder(dir, n);
    const entry = { file, count: 1, open };
    locks.set(dir, entry);
    return releaser(dir, entry, open);
  }
  throw new Error(`Could not take the lock of the embedded database in ${dir}: too much contention for it.`);
}

function releaser(dir: string, entry: Held, open: boolean): EmbeddedLock {
  let released = false;
  return {
    release: () => {
      if (released) return;
      released = true;
      if (open) entry.open = false;
      entry.count--;
      if (entry.count > 0) return;
      const locks = held();
      if (locks.get(dir) === entry) locks.delete(dir);
      removeQuietly(entry.file);
    },
  };
}
