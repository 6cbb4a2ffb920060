// The production server under test: `next build` when the sources changed, then
// `next start` from a private copy of the build, so that someone else's rebuild of
// .next in the same checkout cannot pull the files out from under a running bench.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

const ROOT = process.cwd();
const SOURCES = ['app', 'lib', 'db', 'instrumentation.ts', 'next.config.js', 'package.json', 'tsconfig.json'];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** True when .next holds a production build newer than every source file. */
export function buildIsFresh(): boolean {
  const buildId = path.join(ROOT, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.every((s) => newestMtime(path.join(ROOT, s)) <= built);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

export async function build(): Promise<void> {
  await run('npm', ['run', 'build'], { ...process.env, NEXT_TELEMETRY_DISABLED: '1' });
}

/**
 * A directory that `next start` can serve: a copy of the build (without its caches),
 * the config and the migrations, and a link to node_modules.
 */
export function snapshotBuild(dir: string): string {
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(ROOT, '.next'), path.join(dir, '.next'), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) =>
      !['cache', 'dev', 'trace', 'trace-build'].includes(path.relative(path.join(ROOT, '.next'), source)),
  });
  if (!existsSync(path.join(dir, '.next', 'BUILD_ID')))
    throw new Error('The build disappeared while it was copied; run again.');
  for (const file of ['package.json', 'next.config.js']) cpSync(path.join(ROOT, file), path.join(dir, file));
  cpSync(path.join(ROOT, 'db', 'migrations'), path.join(dir, 'db', 'migrations'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

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

export interface RunningServer {
  url: string;
  pid: number;
  output: () => string;
  stop: () => Promise<void>;
}

/** `next start` on 127.0.0.1 and a free port; resolves once /api/health/live answers. */
export async function startServer(
  appDir: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<RunningServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...nodeArgs,
      path.join(ROOT, 'node_modules/next/dist/bin/next'),
      'start',
      appDir,
      '-p',
      String(port),
      '-H',
      '127.0.0.1',
    ],
    {
      cwd: appDir,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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
  return { url, pid: child.pid!, output: () => output, stop };
}
