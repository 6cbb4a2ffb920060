// The production server (`next start`) as a child process on 127.0.0.1 and a
// free port, for the hardening suite, the browser suite and the bench. The
// process is `next start` itself (not npm or a shell), so its pid is the
// server's: the bench reads its CPU time from /proc, the tests its environment.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { buildIdFile, DIST_DIR, ROOT } from './ensure-build';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A directory that `next start` can serve: a copy of the build (without its
 * caches), the config and the migrations, and a link to node_modules. Someone
 * else's rebuild of this checkout cannot pull the files out from under a
 * server that runs from it.
 */
export function snapshotBuild(dir: string): string {
  const from = path.join(ROOT, DIST_DIR);
  mkdirSync(dir, { recursive: true });
  cpSync(from, path.join(dir, DIST_DIR), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !['cache', 'dev', 'trace', 'trace-build'].includes(path.relative(from, source)),
  });
  if (!existsSync(buildIdFile(dir))) throw new Error('The build disappeared while it was copied; run again.');
  for (const file of ['package.json', 'next.config.js']) cpSync(path.join(ROOT, file), path.join(dir, file));
  cpSync(path.join(ROOT, 'db', 'migrations'), path.join(dir, 'db', 'migrations'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

export interface RunningServer {
  url: string;
  child: ChildProcess;
  pid: number;
  /** Everything the server printed so far. */
  output: () => string;
  stop: () => Promise<void>;
}

export interface ServerOptions {
  /**
   * The server's environment on top of PATH, HOME and production defaults; an
   * undefined value leaves the variable out.
   */
  env?: Record<string, string | undefined>;
  /** Where the build is: this checkout unless given (say, a `snapshotBuild` copy). */
  appDir?: string;
}

/** Starts `next start` and resolves once GET /api/health/live answers. */
export async function startServer({ env = {}, appDir = ROOT }: ServerOptions = {}): Promise<RunningServer> {
  if (!existsSync(buildIdFile(appDir))) {
    throw new Error(`No production build in ${path.join(appDir, DIST_DIR)}: run \`npm run build\` first.`);
  }
  const port = await freePort();
  const next = path.join(ROOT, 'node_modules/next/dist/bin/next');
  const child = spawn(process.execPath, [next, 'start', appDir, '-p', String(port), '-H', '127.0.0.1'], {
    cwd: appDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      NEXT_DIST_DIR: DIST_DIR,
      // As `npm start` does: Node's 16 KiB default would answer an oversized
      // token with a bare 431 instead of the API's 401.
      NODE_OPTIONS: '--max-http-header-size=65536',
      ...env,
    } as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health/live`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`next start did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, pid: child.pid!, output: () => output, stop };
}
