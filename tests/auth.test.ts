import { exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET, PUT } from '@/app/api/v1/time-tracking/settings/route';
import { authenticate } from '@/lib/auth/verify';
import { AppError } from '@/lib/errors';
import { expectProblem } from './helpers/assertions';
import { newUserId, TEST_SECRET, tokenFor } from './helpers/auth';
import {
  authenticateWith,
  bearer,
  listen,
  nowSeconds,
  refusingUrl,
  setupWith,
  sign,
  unsignedToken,
} from './helpers/auth-setup';
import { snapshot, useTestDatabase } from './helpers/database';
import { call } from './helpers/http';

const database = useTestDatabase();

const OTHER_SECRET = new TextEncoder().encode('another-secret-that-is-at-least-32-bytes!!');
const inAnHour = () => nowSeconds() + 3600;

/** A 401 for a presented but unusable token: RFC 6750 challenge with error="invalid_token". */
function expectInvalidToken(res: { status: number; headers: Headers; body: unknown }) {
  expectProblem(res, 401);
  const challenge = res.headers.get('www-authenticate') ?? '';
  expect(challenge).toMatch(/^Bearer realm="[^"]+"/);
  expect(challenge).toContain('error="invalid_token"');
}

describe('bearer tokens through a real route (GET /settings, HS256 secret)', () => {
  it('accepts a token as the existing backend issues it: { sub: "<id>", exp }', async () => {
    const userId = newUserId();
    const res = await call(GET, 'GET', { token: await tokenFor(userId) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ default_hourly_rate: 50, currency: 'USD', timezone: 'UTC' });
    const rows = (await snapshot(database.db)).settings.filter((s) => s.userId === userId);
    expect(rows).toHaveLength(1);
  });

  it('answers a request without Authorization with 401 and a plain Bearer challenge', async () => {
    const res = await call(GET, 'GET');
    expectProblem(res, 401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer realm="[^"]+"$/);
    expect(challenge).not.toContain('error=');
  });

  it.each([
    ['Basic x'],
    ['Basic dXNlcjpwYXNz'],
    ['Bearer'],
    ['Bearer '],
    ['Bearer a b'],
    ['Token abc.def.ghi'],
  ])('rejects the malformed header %j with 401', async (authorization) => {
    const res = await call(GET, 'GET', { headers: { authorization } });
    expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="[^"]+"/);
  });

  it('does not accept a valid token hidden behind another scheme or a second token', async () => {
    const token = await tokenFor(newUserId());
    for (const authorization of [`Basic ${token}`, `Bearer ${token} ${token}`, `${token}`]) {
      const res = await call(GET, 'GET', { headers: { authorization } });
      expect(res.status, authorization.slice(0, 12)).toBe(401);
    }
  });

  it('accepts the scheme name case-insensitively (RFC 7235)', async () => {
    const res = await call(GET, 'GET', {
      headers: { authorization: `bearer ${await tokenFor(newUserId())}` },
    });
    expect(res.status).toBe(200);
  });

  it.each([
    ['garbage', 'garbage'],
    ['three garbage segments', 'abc.def.ghi'],
    ['a truncated token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI0MiJ9'],
  ])('rejects %s with 401 invalid_token', async (_name, token) => {
    expectInvalidToken(await call(GET, 'GET', { token }));
  });

  it('rejects a token signed with another secret', async () => {
    const token = await sign({ sub: '42', exp: inAnHour() }, OTHER_SECRET);
    expectInvalidToken(await call(GET, 'GET', { token }));
  });

  it('rejects a token whose payload was altered after signing', async () => {
    const token = await sign({ sub: '42', exp: inAnHour() }, TEST_SECRET);
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: '43', exp: inAnHour() })).toString('base64url');
    expectInvalidToken(await call(GET, 'GET', { token: `${header}.${forged}.${signature}` }));
  });

  it('rejects an expired token with 401 invalid_token', async () => {
    const token = await sign({ sub: '42', exp: nowSeconds() - 3600 }, TEST_SECRET);
    expectInvalidToken(await call(GET, 'GET', { token }));
    const tenMinutes = await sign({ sub: '42', exp: nowSeconds() - 600 }, TEST_SECRET);
    expectInvalidToken(await call(GET, 'GET', { token: tenMinutes }));
  });

  it('allows a small clock skew on exp', async () => {
    const token = await sign({ sub: String(newUserId()), exp: nowSeconds() - 2 }, TEST_SECRET);
    expect((await call(GET, 'GET', { token })).status).toBe(200);
  });

  it('rejects a token that is not yet valid (nbf an hour ahead)', async () => {
    const token = await sign({ sub: '42', exp: inAnHour() + 3600, nbf: inAnHour() }, TEST_SECRET);
    expectInvalidToken(await call(GET, 'GET', { token }));
  });

  it('requires exp', async () => {
    const token = await sign({ sub: '42' }, TEST_SECRET);
    expectInvalidToken(await call(GET, 'GET', { token }));
  });

  it('rejects an unsigned alg:none token', async () => {
    const token = unsignedToken({ sub: '42', exp: inAnHour() });
    expectInvalidToken(await call(GET, 'GET', { token }));
    // Also with the signature segment left off entirely.
    expectInvalidToken(await call(GET, 'GET', { token: token.slice(0, -1) }));
  });

  it('rejects HS384/HS512 tokens made with the right secret: the algorithm is pinned to HS256', async () => {
    for (const alg of ['HS384', 'HS512']) {
      const token = await sign({ sub: '42', exp: inAnHour() }, TEST_SECRET, { alg });
      expectInvalidToken(await call(GET, 'GET', { token }));
    }
  });

  it('rejects an RS256 token when an HS256 secret is configured', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await sign({ sub: '42', exp: inAnHour() }, privateKey, { alg: 'RS256' });
    expectInvalidToken(await call(GET, 'GET', { token }));
  });

  it.each([
    ['"0"', '0'],
    ['"-5"', '-5'],
    ['"abc"', 'abc'],
    ['"2147483648"', '2147483648'],
    ['"99999999999"', '99999999999'],
    ['"1.5"', '1.5'],
    ['""', ''],
    ['1.5', 1.5],
    ['0', 0],
    ['-5', -5],
    ['2147483648', 2147483648],
    ['true', true],
    ['null', null],
    ['[42]', [42]],
    ['{}', {}],
  ])('rejects sub %s with 401', async (_label, sub) => {
    const token = await sign({ sub, exp: inAnHour() }, TEST_SECRET);
    expectInvalidToken(await call(GET, 'GET', { token }));
  });

  it('rejects a token without sub', async () => {
    const token = await sign({ exp: inAnHour(), uid: 42 }, TEST_SECRET);
    expectInvalidToken(await call(GET, 'GET', { token }));
  });

  it('takes the user id from sub as a decimal string or a JSON number, up to 2147483647', async () => {
    const setup = setupWith({ AUTH_JWT_SECRET: process.env.AUTH_JWT_SECRET });
    for (const [sub, expected] of [
      ['42', 42],
      [42, 42],
      ['1', 1],
      [1, 1],
      ['2147483647', 2147483647],
      [2147483647, 2147483647],
    ] as const) {
      const token = await sign({ sub, exp: inAnHour() }, TEST_SECRET);
      const res = await authenticateWith(setup, bearer(token));
      expect(res.status, JSON.stringify(sub)).toBe(200);
      expect(res.body).toEqual({ user_id: expected });
    }
  });

  it('writes nothing for a request it turns away', async () => {
    const before = await snapshot(database.db);
    const expired = await sign({ sub: String(newUserId()), exp: nowSeconds() - 3600 }, TEST_SECRET);
    const res = await call(PUT, 'PUT', { token: expired, body: { currency: 'EUR' } });
    expect(res.status).toBe(401);
    expect(await snapshot(database.db)).toEqual(before);
  });
});

describe('tokens verified once and remembered', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops accepting a remembered token once it expires', async () => {
    const setup = setupWith({ AUTH_JWT_SECRET: new TextDecoder().decode(OTHER_SECRET) });
    const start = Date.now();
    const token = await sign({ sub: '7', exp: Math.floor(start / 1000) + 10 }, OTHER_SECRET);
    expect(await authenticateWith(setup, bearer(token))).toMatchObject({ status: 200, body: { user_id: 7 } });
    expect(await authenticateWith(setup, bearer(token))).toMatchObject({ status: 200, body: { user_id: 7 } });

    vi.useFakeTimers({ toFake: ['Date'] });
    // Inside the 5 s clock tolerance after exp: still accepted, as jose would.
    vi.setSystemTime(start + 13_000);
    expect(await authenticateWith(setup, bearer(token))).toMatchObject({ status: 200 });
    vi.setSystemTime(start + 16_000);
    expectInvalidToken(await authenticateWith(setup, bearer(token)));
  });

  it('remembers a token only for the key configuration that verified it', async () => {
    const accepting = setupWith({ AUTH_JWT_SECRET: new TextDecoder().decode(OTHER_SECRET) });
    const other = setupWith({ AUTH_JWT_SECRET: new TextDecoder().decode(TEST_SECRET) });
    const token = await sign({ sub: '8', exp: inAnHour() }, OTHER_SECRET);
    expect((await authenticateWith(accepting, bearer(token))).status).toBe(200);
    expectInvalidToken(await authenticateWith(other, bearer(token)));
  });

  it('does not remember a rejected token: a token used before its nbf is accepted once nbf passes', async () => {
    const setup = setupWith({ AUTH_JWT_SECRET: new TextDecoder().decode(OTHER_SECRET) });
    const start = Date.now();
    const token = await sign(
      { sub: '9', nbf: Math.floor(start / 1000) + 60, exp: Math.floor(start / 1000) + 3600 },
      OTHER_SECRET,
    );
    expectInvalidToken(await authenticateWith(setup, bearer(token)));
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(start + 61_000);
    expect(await authenticateWith(setup, bearer(token))).toMatchObject({ status: 200, body: { user_id: 9 } });
  });
});

describe('user isolation', () => {
  it("gives each token its own user's settings", async () => {
    const alice = newUserId();
    const bob = newUserId();
    const put = await call(PUT, 'PUT', {
      token: await tokenFor(alice),
      body: { currency: 'EUR', timezone: 'Europe/Berlin', default_hourly_rate: 80 },
    });
    expect(put.status).toBe(200);

    const bobs = await call(GET, 'GET', { token: await tokenFor(bob) });
    expect(bobs.body).toEqual({ default_hourly_rate: 50, currency: 'USD', timezone: 'UTC' });
    const alices = await call(GET, 'GET', { token: await tokenFor(alice) });
    expect(alices.body).toEqual({ default_hourly_rate: 80, currency: 'EUR', timezone: 'Europe/Berlin' });

    // The same user id as a number claim reaches the same settings.
    const numeric = await sign({ sub: alice, exp: inAnHour() }, TEST_SECRET);
    expect((await call(GET, 'GET', { token: numeric })).body).toEqual(alices.body);
  });
});

describe('key configuration (loadAuthSetup)', () => {
  it('accepts an HS256 secret of at least 32 bytes, counting bytes rather than characters', () => {
    expect(setupWith({ AUTH_JWT_SECRET: 'a'.repeat(32) }).ok).toBe(true);
    expect(setupWith({ AUTH_JWT_SECRET: 'é'.repeat(16) }).ok).toBe(true); // 32 bytes
    const setup = setupWith({ AUTH_JWT_SECRET: 'a'.repeat(32) });
    expect(setup.ok && setup.config.algorithms).toEqual(['HS256']);
  });

  it.each([['a'.repeat(31)], ['short'], ['é'.repeat(15)]])('refuses the short secret %j', (secret) => {
    const setup = setupWith({ AUTH_JWT_SECRET: secret });
    expect(setup.ok).toBe(false);
    expect(!setup.ok && setup.reason).toMatch(/32/);
  });

  it('refuses more than one key source', async () => {
    const { publicKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const secret = 'a'.repeat(40);
    for (const vars of [
      { AUTH_JWT_SECRET: secret, AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json' },
      { AUTH_JWT_SECRET: secret, AUTH_JWT_PUBLIC_KEY: pem },
      { AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json', AUTH_JWT_PUBLIC_KEY: pem },
    ]) {
      expect(setupWith(vars).ok, Object.keys(vars).join('+')).toBe(false);
    }
  });

  it.each([['production'], ['test']])(
    'refuses to run without a key when NODE_ENV=%s, and requests get a 503 auth_not_configured',
    async (nodeEnv) => {
      const setup = setupWith({ NODE_ENV: nodeEnv });
      expect(setup.ok).toBe(false);

      const res = await authenticateWith(setup, bearer(await tokenFor(42)));
      const problem = expectProblem(res, 503);
      expect(res.body.code).toBe('auth_not_configured');
      expect(problem.detail).not.toMatch(/AUTH_JWT_SECRET|secret=/);

      const error = await authenticate(new Request('http://localhost/'), setup).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ status: 503, code: 'auth_not_configured' });
    },
  );

  it('refuses a public key it cannot parse or does not support', async () => {
    expect(setupWith({ AUTH_JWT_PUBLIC_KEY: 'not a pem' }).ok).toBe(false);
    const { publicKey } = await generateKeyPair('ES384', { extractable: true });
    expect(setupWith({ AUTH_JWT_PUBLIC_KEY: await exportSPKI(publicKey) }).ok).toBe(false);
  });
});

describe('a public key from an identity provider (AUTH_JWT_PUBLIC_KEY)', () => {
  it('accepts a valid RS256 token and rejects HS256 signed with the PEM text (algorithm confusion)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const pem = await exportSPKI(publicKey);
    const setup = setupWith({ AUTH_JWT_PUBLIC_KEY: pem });
    expect(setup.ok).toBe(true);

    const valid = await sign({ sub: '42', exp: inAnHour() }, privateKey, { alg: 'RS256' });
    expect(await authenticateWith(setup, bearer(valid))).toMatchObject({
      status: 200,
      body: { user_id: 42 },
    });

    for (const text of [pem, pem.trim(), `${pem.trim()}\n`]) {
      const confused = await sign({ sub: '42', exp: inAnHour() }, new TextEncoder().encode(text), {
        alg: 'HS256',
      });
      expectInvalidToken(await authenticateWith(setup, bearer(confused)));
    }
    expectInvalidToken(await authenticateWith(setup, bearer(unsignedToken({ sub: '42', exp: inAnHour() }))));
  });

  it('rejects an RS256 token signed by another key, and one without exp', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const other = await generateKeyPair('RS256');
    const setup = setupWith({ AUTH_JWT_PUBLIC_KEY: await exportSPKI(publicKey) });
    const token = await sign({ sub: '42', exp: inAnHour() }, other.privateKey, { alg: 'RS256' });
    expectInvalidToken(await authenticateWith(setup, bearer(token)));
    const noExp = await sign({ sub: '42' }, privateKey, { alg: 'RS256' });
    expectInvalidToken(await authenticateWith(setup, bearer(noExp)));
  });

  it('accepts a PEM written on one line with literal \\n (as in env files)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
    const oneLine = (await exportSPKI(publicKey)).trim().replace(/\n/g, '\\n');
    const setup = setupWith({ AUTH_JWT_PUBLIC_KEY: oneLine });
    expect(setup.ok).toBe(true);
    const token = await sign({ sub: '7', exp: inAnHour() }, privateKey, { alg: 'RS256' });
    expect(await authenticateWith(setup, bearer(token))).toMatchObject({ status: 200, body: { user_id: 7 } });
  });

  it.each([
    ['ES256', 'ES256'],
    ['EdDSA', 'Ed25519'],
  ] as const)('accepts %s tokens with a %s public key, and only that algorithm', async (alg, keyAlg) => {
    const { publicKey, privateKey } = await generateKeyPair(keyAlg, { extractable: true });
    const setup = setupWith({ AUTH_JWT_PUBLIC_KEY: await exportSPKI(publicKey) });
    expect(setup.ok).toBe(true);

    const token = await sign({ sub: 123, exp: inAnHour() }, privateKey, { alg });
    expect(await authenticateWith(setup, bearer(token))).toMatchObject({
      status: 200,
      body: { user_id: 123 },
    });

    const expired = await sign({ sub: 123, exp: nowSeconds() - 3600 }, privateKey, { alg });
    expectInvalidToken(await authenticateWith(setup, bearer(expired)));

    const rsa = await generateKeyPair('RS256');
    const wrongType = await sign({ sub: 123, exp: inAnHour() }, rsa.privateKey, { alg: 'RS256' });
    expectInvalidToken(await authenticateWith(setup, bearer(wrongType)));
  });
});

describe('claims options', () => {
  const SECRET = 'claims-secret-that-is-at-least-32-bytes-long';
  const key = new TextEncoder().encode(SECRET);

  it('reads the user id from AUTH_USER_ID_CLAIM', async () => {
    const setup = setupWith({ AUTH_JWT_SECRET: SECRET, AUTH_USER_ID_CLAIM: 'uid' });
    const withUid = await sign({ sub: 'auth0|abcdef', uid: 77, exp: inAnHour() }, key);
    expect(await authenticateWith(setup, bearer(withUid))).toMatchObject({
      status: 200,
      body: { user_id: 77 },
    });

    const asString = await sign({ sub: 'someone', uid: '78', exp: inAnHour() }, key);
    expect(await authenticateWith(setup, bearer(asString))).toMatchObject({ body: { user_id: 78 } });

    const onlySub = await sign({ sub: '42', exp: inAnHour() }, key);
    expectInvalidToken(await authenticateWith(setup, bearer(onlySub)));

    const badUid = await sign({ sub: '42', uid: 0, exp: inAnHour() }, key);
    expectInvalidToken(await authenticateWith(setup, bearer(badUid)));
  });

  it('checks the issuer and audience when configured', async () => {
    const setup = setupWith({
      AUTH_JWT_SECRET: SECRET,
      AUTH_JWT_ISSUER: 'https://id.example.com/',
      AUTH_JWT_AUDIENCE: 'time-tracking',
    });
    const exp = inAnHour();
    const ok = async (claims: Record<string, unknown>) => {
      const res = await authenticateWith(setup, bearer(await sign({ sub: '5', exp, ...claims }, key)));
      return res;
    };

    expect(await ok({ iss: 'https://id.example.com/', aud: 'time-tracking' })).toMatchObject({
      status: 200,
      body: { user_id: 5 },
    });
    expect((await ok({ iss: 'https://id.example.com/', aud: ['other', 'time-tracking'] })).status).toBe(200);

    for (const claims of [
      { iss: 'https://evil.example.com/', aud: 'time-tracking' },
      { iss: 'https://id.example.com', aud: 'time-tracking' },
      { aud: 'time-tracking' },
      { iss: 'https://id.example.com/', aud: 'other-service' },
      { iss: 'https://id.example.com/', aud: ['a', 'b'] },
      { iss: 'https://id.example.com/' },
    ]) {
      expectInvalidToken(await ok(claims));
    }
  });

  it('ignores iss and aud when they are not configured', async () => {
    const setup = setupWith({ AUTH_JWT_SECRET: SECRET });
    const token = await sign({ sub: '6', exp: inAnHour(), iss: 'anyone', aud: 'anything' }, key);
    expect(await authenticateWith(setup, bearer(token))).toMatchObject({ status: 200, body: { user_id: 6 } });
  });
});

describe('a JWKS URL (AUTH_JWKS_URL)', () => {
  let jwks: { url: string; close: () => Promise<void> };
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;
  let requests = 0;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    ec = await generateKeyPair('ES256', { extractable: true });
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    jwks = await listen((req, res) => {
      requests++;
      if (req.url === '/.well-known/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
      } else if (req.url === '/broken') {
        res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      } else if (req.url === '/hang') {
        // Never answers: the identity provider is stuck.
      } else {
        res.writeHead(404).end();
      }
    });
  });

  afterAll(async () => {
    await jwks?.close();
  });

  const jwksSetup = (path = '/.well-known/jwks.json') => setupWith({ AUTH_JWKS_URL: `${jwks.url}${path}` });

  it('accepts RS256 and ES256 tokens signed with keys from the set', async () => {
    const setup = jwksSetup();
    expect(setup.ok).toBe(true);
    const before = requests;
    const viaRsa = await sign({ sub: '11', exp: inAnHour() }, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' });
    expect(await authenticateWith(setup, bearer(viaRsa))).toMatchObject({
      status: 200,
      body: { user_id: 11 },
    });
    const viaEc = await sign({ sub: 12, exp: inAnHour() }, ec.privateKey, { alg: 'ES256', kid: 'ec-1' });
    expect(await authenticateWith(setup, bearer(viaEc))).toMatchObject({
      status: 200,
      body: { user_id: 12 },
    });
    expect(requests).toBeGreaterThan(before);
  });

  it('rejects tokens from unknown keys, HS256 tokens and alg:none with 401', async () => {
    const setup = jwksSetup();
    const stranger = await generateKeyPair('RS256');
    const unknownKid = await sign({ sub: '11', exp: inAnHour() }, stranger.privateKey, {
      alg: 'RS256',
      kid: 'nope',
    });
    expectInvalidToken(await authenticateWith(setup, bearer(unknownKid)));
    const forgedWithKnownKid = await sign({ sub: '11', exp: inAnHour() }, stranger.privateKey, {
      alg: 'RS256',
      kid: 'rsa-1',
    });
    expectInvalidToken(await authenticateWith(setup, bearer(forgedWithKnownKid)));

    const jwk = JSON.stringify(await exportJWK(rsa.publicKey));
    const hs = await sign({ sub: '11', exp: inAnHour() }, new TextEncoder().encode(jwk), {
      alg: 'HS256',
      kid: 'rsa-1',
    });
    expectInvalidToken(await authenticateWith(setup, bearer(hs)));
    expectInvalidToken(await authenticateWith(setup, bearer(unsignedToken({ sub: '11', exp: inAnHour() }))));

    const expired = await sign({ sub: '11', exp: nowSeconds() - 3600 }, rsa.privateKey, {
      alg: 'RS256',
      kid: 'rsa-1',
    });
    expectInvalidToken(await authenticateWith(setup, bearer(expired)));
  });

  it('answers 503 (not 401 or 500) when the JWKS URL refuses connections', async () => {
    const setup = setupWith({ AUTH_JWKS_URL: `${await refusingUrl()}/.well-known/jwks.json` });
    expect(setup.ok).toBe(true);
    const token = await sign({ sub: '11', exp: inAnHour() }, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' });
    const res = await authenticateWith(setup, bearer(token));
    expectProblem(res, 503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it('answers 503 when the JWKS URL does not answer in time', async () => {
    const setup = jwksSetup('/hang');
    const token = await sign({ sub: '11', exp: inAnHour() }, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' });
    const res = await authenticateWith(setup, bearer(token));
    expectProblem(res, 503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('answers 503 (not 401) when the JWKS endpoint itself fails with a 5xx', async () => {
    // The token may well be valid: an identity-provider outage must not look
    // like "sign in again" to the frontend.
    const setup = jwksSetup('/broken');
    const token = await sign({ sub: '11', exp: inAnHour() }, rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' });
    const res = await authenticateWith(setup, bearer(token));
    expectProblem(res, 503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
