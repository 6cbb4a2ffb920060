import { SignJWT } from 'jose';

export const TEST_SECRET = new TextEncoder().encode(process.env.AUTH_JWT_SECRET);

let nextUser = 1000 + Math.floor(Math.random() * 1_000_000) * 100;

/** A user id no other test in this file uses. */
export const newUserId = () => nextUser++;

/** A real HS256 token, as the existing backend issues them: { sub, exp }. */
export function tokenFor(userId: number | string, options: { expiresIn?: string | number } = {}) {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(userId))
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h')
    .sign(TEST_SECRET);
}
