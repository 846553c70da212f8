import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header every delivery carries: `t=<unix seconds>,v0=<hex HMAC-SHA256 of "t.body">`. */
export const SIGNATURE_HEADER = 'Baton-Signature';

/** The signature header's value for `body` sent at `unixSeconds` under `secret`. */
export function signatureHeader(secret: string, unixSeconds: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v0=${mac}`;
}

/**
 * What a receiver does (the README's recipe, as code the tests run): true when the header signs
 * `body` under `secret` and its time is within `toleranceSec` of `nowSec`.
 */
export function verifySignature(
  secret: string,
  header: string,
  body: string,
  nowSec: number,
  toleranceSec = 300,
): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v0 || Math.abs(nowSec - t) > toleranceSec) return false;
  const expected = Buffer.from(signatureHeader(secret, t, body).split('v0=')[1]!, 'hex');
  const given = Buffer.from(parts.v0, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
