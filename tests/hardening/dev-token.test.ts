// Issue 12, item 5: a development server started with the real key (say,
// AUTH_JWT_SECRET from `.env`) must not hand out tokens signed with it. This
// starts a real `next dev` (a free port on 127.0.0.1, its own embedded
// database) with the suite's secret and asks for the demo token. It uses the
// default distDir: Next 16 keeps `next dev`'s output in `.next/dev`, apart from
// the production build, while another distDir would make `next dev` rewrite
// tsconfig.json to include its types.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '@/scripts/ensure-build';
import { freePort } from '@/scripts/next-server';
import { expectProblem } from '../helpers/assertions';
import { type Api, createClient } from './harness/client';
import { HARDENING_SECRET } from './harness/environment';

const TSCONFIG = path.join(ROOT, 'tsconfig.json');
const tsconfig = readFileSync(TSCONFIG, 'utf8');
let child: ChildProcess;
let output = '';
let api: Api;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'tt-devtoken-'));
  const port = await freePort();
  child = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/next/dist/bin/next'),
      'dev',
      '--hostname',
      '127.0.0.1',
      '-p',
      String(port),
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NEXT_TELEMETRY_DISABLED: '1',
        PGLITE_DIR: path.join(dataDir, 'pglite'),
        AUTH_JWT_SECRET: HARDENING_SECRET,
        LOG_LEVEL: 'warn',
      } as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 110_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next dev exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health/live`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`next dev did not answer within 110 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  api = createClient(url);
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  // Should `next dev` ever decide to rewrite it, the checkout stays as it was.
  if (readFileSync(TSCONFIG, 'utf8') !== tsconfig) writeFileSync(TSCONFIG, tsconfig);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('next dev with the real AUTH_JWT_SECRET', () => {
  it('answers /api/dev/token with the 404 of an unknown path, for every method, and signs nothing', async () => {
    for (const method of ['POST', 'GET', 'PUT', 'OPTIONS']) {
      const res = await api(method, '/api/dev/token', { token: null });
      expect(res.status, `${method}: ${res.text}`).toBe(404);
      if (method !== 'OPTIONS') expectProblem(res, 404);
      expect(res.text).not.toMatch(/ey[\w-]+\.[\w-]+\.[\w-]+/);
      const unknown = await api(method, '/api/no-such-endpoint', { token: null });
      expect(res.body?.detail).toBe(unknown.body?.detail);
    }
    // Had it answered, the token must not verify with the real secret (checked
    // here so that the test says what it guards even if the status regressed).
    const res = await api('POST', '/api/dev/token', { token: null });
    if (typeof res.body?.token === 'string') {
      await expect(jwtVerify(res.body.token, new TextEncoder().encode(HARDENING_SECRET))).rejects.toThrow();
    }
  });
});
