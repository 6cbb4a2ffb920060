// Issue 3, item 3: the token matrix (RFC 6750 / RFC 8725) against real
// `next start` servers: the suite's HS256 secret, an RS256 public key with
// issuer and audience checks, and a JWKS served by this test on 127.0.0.1.
import { exportJWK, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8 } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../helpers/assertions';
import { newUserId, TEST_SECRET, tokenFor } from '../helpers/auth';
import { listen, nowSeconds, sign, unsignedToken } from '../helpers/auth-setup';
import type { ApiResponse } from './harness/client';
import { type Environment, startEnvironment } from './harness/environment';

const BASE = '/api/v1/time-tracking';
const ISSUER = 'https://id.example.test/';
const AUDIENCE = 'time-tracking-api';
const OTHER_SECRET = new TextEncoder().encode('an-unrelated-secret-that-is-at-least-32-bytes');

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

const inAnHour = () => nowSeconds() + 3600;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** RFC 6750 §3: a presented but unusable token is a 401 problem with error="invalid_token". */
function expectInvalidToken(res: ApiResponse, label = '') {
  expect(res.status, `${label}: ${res.text}`).toBe(401);
  expectProblem(res, 401);
  const challenge = res.headers.get('www-authenticate') ?? '';
  expect(challenge, label).toMatch(/^Bearer\b/);
  expect(challenge, label).toContain('error="invalid_token"');
}

/** GET /entries with the given Authorization header value (undefined: none at all). */
function withAuthorization(env: Environment, authorization: string | undefined, path = `${BASE}/entries`) {
  return env.api(
    'GET',
    path,
    authorization === undefined ? { token: null } : { token: null, headers: { authorization } },
  );
}

/** Every endpoint, each with a request that would change data if the token were accepted. */
function everyEndpoint(entryId: number): [string, string, unknown][] {
  return [
    ['GET', `${BASE}/entries?limit=1000`, undefined],
    ['POST', `${BASE}/entries`, { start_time: '2024-03-01T09:00:00Z', end_time: '2024-03-01T10:00:00Z' }],
    ['GET', `${BASE}/entries/${entryId}`, undefined],
    ['PUT', `${BASE}/entries/${entryId}`, { notes: 'forged', payment_status: 'paid' }],
    ['DELETE', `${BASE}/entries/${entryId}`, undefined],
    ['POST', `${BASE}/batch-update-payment-status`, { entry_ids: [entryId], payment_status: 'paid' }],
    ['POST', `${BASE}/sessions/start`, {}],
    ['POST', `${BASE}/sessions/${entryId}/stop`, {}],
    ['GET', `${BASE}/sessions/active`, undefined],
    ['GET', `${BASE}/stats?period=month`, undefined],
    ['GET', `${BASE}/settings`, undefined],
    ['PUT', `${BASE}/settings`, { currency: 'EUR', default_hourly_rate: 1 }],
  ];
}

/** Waits until the app has sent nothing to the database for a while (the pool is idle). */
async function quietBytes(env: Environment): Promise<number> {
  const proxy = env.proxy!;
  let last = proxy.bytesFromApp;
  for (let i = 0; i < 50; i++) {
    await sleep(250);
    if (proxy.bytesFromApp === last) return last;
    last = proxy.bytesFromApp;
  }
  throw new Error('the app never stopped talking to the database');
}

/**
 * Sends every rejected token to every endpoint (concurrently) and proves that
 * none of it reached the database: on Postgres the proxy sees not one byte from
 * the app; on PGlite (no proxy) the victim's data reads back unchanged.
 */
async function expectRejectedWithoutDatabase(
  env: Environment,
  victim: { userId: number; validToken: string; entryId: number },
  rejected: [string, string][],
) {
  const read = async () => {
    const entries = await env.api('GET', `${BASE}/entries?limit=1000`, { token: victim.validToken });
    const settings = await env.api('GET', `${BASE}/settings`, { token: victim.validToken });
    const active = await env.api('GET', `${BASE}/sessions/active`, { token: victim.validToken });
    expect([entries.status, settings.status, active.status]).toEqual([200, 200, 200]);
    return [entries.text, settings.text, active.text];
  };
  // A valid request first, so that the pool holds an open connection.
  const before = await read();
  const bytesBefore = env.proxy ? await quietBytes(env) : 0;

  const results = await Promise.all(
    rejected.flatMap(([label, token]) =>
      everyEndpoint(victim.entryId).map(async ([method, path, body]) => ({
        label: `${label} → ${method} ${path}`,
        res: await env.api(method, path, { token, body }),
      })),
    ),
  );
  for (const { label, res } of results) expectInvalidToken(res, label);

  if (env.proxy) {
    await sleep(500);
    expect(env.proxy.bytesFromApp - bytesBefore, 'bytes the app sent to the database').toBe(0);
  }
  expect(await read()).toEqual(before);
  // The control: the valid reads just now did reach the database through the proxy.
  if (env.proxy) expect(env.proxy.bytesFromApp).toBeGreaterThan(bytesBefore);
  return results.length;
}

/** Creates one completed entry for the user through the API and returns its id. */
async function makeEntry(env: Environment, token: string): Promise<number> {
  const res = await env.api('POST', `${BASE}/entries`, {
    token,
    body: { start_time: '2024-02-01T09:00:00Z', end_time: '2024-02-01T11:00:00Z', notes: 'original' },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

// ---------------------------------------------------------------------------

describe('HS256 shared secret (the default server)', () => {
  let env: Environment;
  beforeAll(async () => {
    env = await startEnvironment();
  });
  afterAll(async () => {
    await env?.close();
  });

  const claims = (extra: Record<string, unknown> = {}) => ({
    sub: String(newUserId()),
    exp: inAnHour(),
    ...extra,
  });

  it('accepts the backend’s own token { sub, exp } (200)', async () => {
    const res = await withAuthorization(env, `Bearer ${await tokenFor(newUserId())}`);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual([]);
  });

  it('answers a request without Authorization with 401 and a Bearer challenge, on every endpoint', async () => {
    for (const [method, path, body] of everyEndpoint(1)) {
      const res = await env.api(method, path, { token: null, body });
      expectProblem(res, 401);
      const challenge = res.headers.get('www-authenticate') ?? '';
      expect(challenge, `${method} ${path}`).toMatch(/^Bearer\b/);
      // Without a token there is nothing invalid to report (RFC 6750 §3.1).
      expect(challenge).not.toContain('error=');
    }
  });

  const invalid: [string, () => Promise<string> | string][] = [
    ['an expired token (an hour ago)', () => sign(claims({ exp: nowSeconds() - 3600 }), TEST_SECRET)],
    [
      'an expired token (a minute ago, beyond the clock tolerance)',
      () => sign(claims({ exp: nowSeconds() - 60 }), TEST_SECRET),
    ],
    [
      'nbf an hour in the future',
      () => sign(claims({ nbf: inAnHour(), exp: inAnHour() + 3600 }), TEST_SECRET),
    ],
    ['a signature made with another secret', () => sign(claims(), OTHER_SECRET)],
    [
      'a payload altered after signing',
      async () => {
        const [header, , signature] = (await sign({ sub: '42', exp: inAnHour() }, TEST_SECRET)).split('.');
        return `${header}.${b64({ sub: '43', exp: inAnHour() })}.${signature}`;
      },
    ],
    ['a signature of the wrong length', async () => `${(await sign(claims(), TEST_SECRET)).slice(0, -8)}`],
    ['alg none (empty signature)', () => unsignedToken(claims())],
    ['alg none (no signature segment)', () => unsignedToken(claims()).slice(0, -1)],
    [
      'alg "None" with the HS256 signature kept',
      async () => {
        const [, payload, signature] = (await sign(claims(), TEST_SECRET)).split('.');
        return `${b64({ alg: 'None', typ: 'JWT' })}.${payload}.${signature}`;
      },
    ],
    [
      'HS512 with the right secret (algorithm pinned to HS256)',
      () => sign(claims(), TEST_SECRET, { alg: 'HS512' }),
    ],
    ['a missing exp', () => sign({ sub: String(newUserId()) }, TEST_SECRET)],
    ['exp as a string', () => sign(claims({ exp: String(inAnHour()) }), TEST_SECRET)],
    ['a missing sub', () => sign({ exp: inAnHour() }, TEST_SECRET)],
    ['sub "1.5" (not an integer)', () => sign(claims({ sub: '1.5' }), TEST_SECRET)],
    ['sub 1.5 (not an integer)', () => sign(claims({ sub: 1.5 }), TEST_SECRET)],
    ['sub "abc"', () => sign(claims({ sub: 'abc' }), TEST_SECRET)],
    ['sub "1e3"', () => sign(claims({ sub: '1e3' }), TEST_SECRET)],
    ['sub " 42"', () => sign(claims({ sub: ' 42' }), TEST_SECRET)],
    ['sub "0"', () => sign(claims({ sub: '0' }), TEST_SECRET)],
    ['sub 0', () => sign(claims({ sub: 0 }), TEST_SECRET)],
    ['sub "-5"', () => sign(claims({ sub: '-5' }), TEST_SECRET)],
    ['sub -5', () => sign(claims({ sub: -5 }), TEST_SECRET)],
    ['sub 2147483648 (out of range)', () => sign(claims({ sub: 2147483648 }), TEST_SECRET)],
    ['sub true', () => sign(claims({ sub: true }), TEST_SECRET)],
    ['sub [42]', () => sign(claims({ sub: [42] }), TEST_SECRET)],
    ['three empty parts ("..")', () => '..'],
    ['two dots and a signature only', () => '..c2lnbmF0dXJl'],
    ['garbage that is not a JWT', () => 'not-a-jwt'],
  ];

  it.each(invalid)('rejects %s with 401 error="invalid_token"', async (_name, make) => {
    expectInvalidToken(await withAuthorization(env, `Bearer ${await make()}`));
  });

  it('rejects a 12 KB token with 401 error="invalid_token"', async () => {
    const token = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: '42', exp: inAnHour(), pad: 'x'.repeat(9_000) })}.${'A'.repeat(43)}`;
    expect(token.length).toBeGreaterThanOrEqual(12_000);
    expectInvalidToken(await withAuthorization(env, `Bearer ${token}`));
  });

  it('rejects a 20 KB token with 401 error="invalid_token"', async () => {
    const token = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: '42', exp: inAnHour(), pad: 'x'.repeat(15_000) })}.${'A'.repeat(43)}`;
    expect(token.length).toBeGreaterThanOrEqual(20_000);
    const res = await withAuthorization(env, `Bearer ${token}`);
    expectInvalidToken(res, `20 KB token → ${res.status}`);
  });

  it('accepts the scheme name case-insensitively (bearer, BEARER, BeArEr → 200)', async () => {
    for (const scheme of ['bearer', 'BEARER', 'BeArEr']) {
      const res = await withAuthorization(env, `${scheme} ${await tokenFor(newUserId())}`);
      expect(res.status, `${scheme}: ${res.text}`).toBe(200);
    }
  });

  it('rejects a valid token behind another scheme or next to a second token', async () => {
    const token = await tokenFor(newUserId());
    for (const authorization of [
      `Basic ${token}`,
      `Token ${token}`,
      token,
      `Bearer ${token} ${token}`,
      `Bearer ${token},x`,
    ]) {
      const res = await withAuthorization(env, authorization);
      expectProblem(res, 401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
    }
  });

  it('makes no database query for a rejected token', async () => {
    const userId = newUserId();
    const validToken = await tokenFor(userId);
    const entryId = await makeEntry(env, validToken);
    const sub = String(userId);
    const rejected: [string, string][] = [
      ['expired', await sign({ sub, exp: nowSeconds() - 3600 }, TEST_SECRET)],
      ['nbf ahead', await sign({ sub, nbf: inAnHour(), exp: inAnHour() + 3600 }, TEST_SECRET)],
      ['bad signature', await sign({ sub, exp: inAnHour() }, OTHER_SECRET)],
      ['alg none', unsignedToken({ sub, exp: inAnHour() })],
      ['no exp', await sign({ sub }, TEST_SECRET)],
      ['sub 0', await sign({ sub: 0, exp: inAnHour() }, TEST_SECRET)],
      ['sub -1', await sign({ sub: '-1', exp: inAnHour() }, TEST_SECRET)],
      ['sub 1.5', await sign({ sub: 1.5, exp: inAnHour() }, TEST_SECRET)],
      ['..', '..'],
    ];
    const sent = await expectRejectedWithoutDatabase(env, { userId, validToken, entryId }, rejected);
    expect(sent).toBe(rejected.length * everyEndpoint(entryId).length);
  });
});

// ---------------------------------------------------------------------------

describe('RS256 public key with issuer and audience (AUTH_JWT_PUBLIC_KEY)', () => {
  let env: Environment;
  let rsa: KeyPair;
  let pem: string;
  beforeAll(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    pem = await exportSPKI(rsa.publicKey);
    env = await startEnvironment({
      env: {
        // Spread over the base environment: undefined removes the suite's HS256 secret.
        AUTH_JWT_SECRET: undefined,
        AUTH_JWT_PUBLIC_KEY: pem,
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
      },
    });
  });
  afterAll(async () => {
    await env?.close();
  });

  const good = (extra: Record<string, unknown> = {}) => ({
    sub: String(newUserId()),
    exp: inAnHour(),
    iss: ISSUER,
    aud: AUDIENCE,
    ...extra,
  });
  const rs256 = (claims: Record<string, unknown>) => sign(claims, rsa.privateKey, { alg: 'RS256' });

  it('starts with only the public key configured (the HS256 secret was removed)', async () => {
    expect(env.server.output()).not.toMatch(/NOT configured|Set only one/);
    const res = await withAuthorization(env, `Bearer ${await rs256(good())}`);
    expect(res.status, res.text).toBe(200);
    // The suite's HS256 secret is not a key here.
    expectInvalidToken(await withAuthorization(env, `Bearer ${await tokenFor(newUserId())}`));
  });

  it('accepts a valid RS256 token (200), also with aud as an array', async () => {
    for (const claims of [good(), good({ aud: ['another-api', AUDIENCE] }), good({ sub: newUserId() })]) {
      const res = await withAuthorization(env, `Bearer ${await rs256(claims)}`, `${BASE}/settings`);
      expect(res.status, res.text).toBe(200);
    }
  });

  it('answers a missing header with 401 and a Bearer challenge', async () => {
    const res = await withAuthorization(env, undefined);
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  });

  const invalid: [string, () => Promise<string> | string][] = [
    ['a wrong iss', () => rs256(good({ iss: 'https://evil.example.test/' }))],
    ['an iss without its trailing slash', () => rs256(good({ iss: ISSUER.slice(0, -1) }))],
    ['a missing iss', () => rs256(good({ iss: undefined }))],
    ['a wrong aud', () => rs256(good({ aud: 'another-api' }))],
    ['an aud array without ours', () => rs256(good({ aud: ['a', 'b'] }))],
    ['a missing aud', () => rs256(good({ aud: undefined }))],
    ['an expired token', () => rs256(good({ exp: nowSeconds() - 3600 }))],
    ['nbf in the future', () => rs256(good({ nbf: inAnHour(), exp: inAnHour() + 3600 }))],
    ['a missing exp', () => rs256(good({ exp: undefined }))],
    ['sub 0', () => rs256(good({ sub: 0 }))],
    ['sub "-7"', () => rs256(good({ sub: '-7' }))],
    ['sub "12.5"', () => rs256(good({ sub: '12.5' }))],
    [
      'a signature by another RSA key',
      async () => sign(good(), (await generateKeyPair('RS256')).privateKey, { alg: 'RS256' }),
    ],
    ['alg none', () => unsignedToken(good())],
    // Algorithm confusion (RFC 8725 §2.1): the public key's PEM used as an HMAC secret.
    ['HS256 signed with the PEM text', () => sign(good(), new TextEncoder().encode(pem), { alg: 'HS256' })],
    [
      'HS256 signed with the trimmed PEM text',
      () => sign(good(), new TextEncoder().encode(pem.trim()), { alg: 'HS256' }),
    ],
    [
      'HS256 signed with the DER bytes of the key',
      () =>
        sign(good(), new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64')), {
          alg: 'HS256',
        }),
    ],
    [
      'RS384 with the right key (algorithm pinned to RS256)',
      async () =>
        sign(good(), await importPKCS8(await exportPKCS8(rsa.privateKey), 'RS384'), { alg: 'RS384' }),
    ],
    ['three empty parts ("..")', () => '..'],
  ];

  it.each(invalid)('rejects %s with 401 error="invalid_token"', async (_name, make) => {
    expectInvalidToken(await withAuthorization(env, `Bearer ${await make()}`));
  });

  it('makes no database query for a rejected token', async () => {
    const userId = newUserId();
    const validToken = await rs256(good({ sub: String(userId) }));
    const entryId = await makeEntry(env, validToken);
    const sub = String(userId);
    const rejected: [string, string][] = [
      ['wrong iss', await rs256(good({ sub, iss: 'https://evil.example.test/' }))],
      ['missing aud', await rs256(good({ sub, aud: undefined }))],
      ['expired', await rs256(good({ sub, exp: nowSeconds() - 3600 }))],
      ['confused HS256', await sign(good({ sub }), new TextEncoder().encode(pem), { alg: 'HS256' })],
      ['alg none', unsignedToken(good({ sub }))],
    ];
    await expectRejectedWithoutDatabase(env, { userId, validToken, entryId }, rejected);
  });
});

// ---------------------------------------------------------------------------

describe('JWKS served by the test (AUTH_JWKS_URL)', () => {
  let env: Environment;
  let jwks: { url: string; close: () => Promise<void> };
  let rsa: KeyPair;
  let ec: KeyPair;
  let ed: KeyPair;
  let jwksRequests = 0;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    ec = await generateKeyPair('ES256', { extractable: true });
    ed = await generateKeyPair('Ed25519', { extractable: true });
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
      { ...(await exportJWK(ed.publicKey)), kid: 'ed-1', alg: 'EdDSA', use: 'sig' },
    ];
    jwks = await listen((req, res) => {
      jwksRequests++;
      if (req.url === '/.well-known/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
      } else {
        res.writeHead(404).end();
      }
    });
    env = await startEnvironment({
      env: { AUTH_JWT_SECRET: undefined, AUTH_JWKS_URL: `${jwks.url}/.well-known/jwks.json` },
    });
  });
  afterAll(async () => {
    await env?.close();
    await jwks?.close();
  });

  const claims = (extra: Record<string, unknown> = {}) => ({
    sub: String(newUserId()),
    exp: inAnHour(),
    ...extra,
  });

  it.each([
    ['RS256', 'rsa-1'],
    ['ES256', 'ec-1'],
    ['EdDSA', 'ed-1'],
  ] as const)('accepts a valid %s token signed with a key from the set (200)', async (alg, kid) => {
    const key = { 'rsa-1': rsa, 'ec-1': ec, 'ed-1': ed }[kid].privateKey;
    const userId = newUserId();
    const token = await sign(claims({ sub: String(userId) }), key, { alg, kid });
    const res = await withAuthorization(env, `Bearer ${token}`, `${BASE}/settings`);
    expect(res.status, res.text).toBe(200);
    // The same user through an entry: the id is the token's sub.
    const created = await makeEntry(env, token);
    const read = await env.api('GET', `${BASE}/entries/${created}`, { token });
    expect(read.status).toBe(200);
    expect(read.body.user_id).toBe(userId);
    expect(jwksRequests).toBeGreaterThan(0);
  });

  it('answers a missing header with 401 and a Bearer challenge', async () => {
    const res = await withAuthorization(env, undefined);
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  });

  const stranger = () => generateKeyPair('RS256');
  const invalid: [string, () => Promise<string> | string][] = [
    [
      'an unknown kid',
      async () => sign(claims(), (await stranger()).privateKey, { alg: 'RS256', kid: 'nope' }),
    ],
    [
      'a known kid with a forged signature',
      async () => sign(claims(), (await stranger()).privateKey, { alg: 'RS256', kid: 'rsa-1' }),
    ],
    [
      'an ES256 signature under the RSA kid',
      () => sign(claims(), ec.privateKey, { alg: 'ES256', kid: 'rsa-1' }),
    ],
    ['alg none', () => unsignedToken(claims())],
    [
      'HS256 signed with the RSA JWK text (algorithm confusion)',
      async () =>
        sign(claims(), new TextEncoder().encode(JSON.stringify(await exportJWK(rsa.publicKey))), {
          alg: 'HS256',
          kid: 'rsa-1',
        }),
    ],
    [
      'HS256 signed with the suite’s shared secret',
      () => sign(claims(), TEST_SECRET, { alg: 'HS256', kid: 'rsa-1' }),
    ],
    [
      'an expired ES256 token',
      () => sign(claims({ exp: nowSeconds() - 3600 }), ec.privateKey, { alg: 'ES256', kid: 'ec-1' }),
    ],
    [
      'an EdDSA token with nbf ahead',
      () =>
        sign(claims({ nbf: inAnHour(), exp: inAnHour() + 60 }), ed.privateKey, { alg: 'EdDSA', kid: 'ed-1' }),
    ],
    ['an RS256 token without exp', () => sign({ sub: '5' }, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' })],
    [
      'an RS256 token with sub 0',
      () => sign(claims({ sub: 0 }), rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }),
    ],
    ['three empty parts ("..")', () => '..'],
  ];

  it.each(invalid)('rejects %s with 401 error="invalid_token"', async (_name, make) => {
    expectInvalidToken(await withAuthorization(env, `Bearer ${await make()}`));
  });

  it('makes no database query for a rejected token', async () => {
    const userId = newUserId();
    const validToken = await sign({ sub: String(userId), exp: inAnHour() }, ec.privateKey, {
      alg: 'ES256',
      kid: 'ec-1',
    });
    const entryId = await makeEntry(env, validToken);
    const sub = String(userId);
    const rejected: [string, string][] = [
      [
        'expired',
        await sign({ sub, exp: nowSeconds() - 3600 }, ec.privateKey, { alg: 'ES256', kid: 'ec-1' }),
      ],
      [
        'forged',
        await sign({ sub, exp: inAnHour() }, (await stranger()).privateKey, { alg: 'RS256', kid: 'rsa-1' }),
      ],
      ['alg none', unsignedToken({ sub, exp: inAnHour() })],
      [
        'confused HS256',
        await sign(
          { sub, exp: inAnHour() },
          new TextEncoder().encode(JSON.stringify(await exportJWK(rsa.publicKey))),
          { alg: 'HS256', kid: 'rsa-1' },
        ),
      ],
    ];
    await expectRejectedWithoutDatabase(env, { userId, validToken, entryId }, rejected);
  });
});
