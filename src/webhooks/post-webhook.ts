import http from 'node:http';
import https from 'node:https';
import { guardedLookup } from './address-guard.js';

/** How one POST went: delivered (2xx), or failed with what the receiver or network said. */
export type PostOutcome =
  { ok: true; status: number } | { ok: false; status?: number; retryAfterMs?: number; error: string };

/** The most of a response body read (and thrown away): a receiver cannot make Baton buffer more. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/** Retry-After as seconds or an HTTP date, in ms from `nowMs`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/**
 * POSTs one signed body. Connections go through the guarded lookup (private addresses refused
 * unless allowed, on the address actually connected to), redirects are not followed (a 3xx is a
 * failure: a redirect could lead inside the network), and the whole exchange is bounded by
 * `timeoutMs`.
 */
export function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: { timeoutMs: number; allowPrivate: boolean; nowMs: number },
): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return resolve({ ok: false, error: 'invalid URL' });
    }
    const client = u.protocol === 'https:' ? https : http;
    const req = client.request(
      u,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          ...headers,
        },
        lookup: guardedLookup(opts.allowPrivate),
        timeout: opts.timeoutMs,
        agent: false,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_RESPONSE_BYTES) res.destroy();
        });
        const done = () => {
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve({ ok: true, status });
          const wait = retryAfterMs(res.headers['retry-after'], opts.nowMs);
          resolve({
            ok: false,
            status,
            ...(wait !== undefined ? { retryAfterMs: wait } : {}),
            error: `HTTP ${status}`,
          });
        };
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', (err) => resolve({ ok: false, error: err.message }));
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}
