// Requests INTO a Bolt app, encoded and signed exactly as Slack does it. Payload builders live in
// payloads.ts and event-payloads.ts and are re-exported here.
import { createHmac } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export * from './event-payloads.js';
export * from './payloads.js';

/** The signing secret `postToApp` uses unless told otherwise; give it to `new App({ signingSecret })`. */
export const TEST_SIGNING_SECRET = 'baton-test-signing-secret';

/** How Slack delivers each kind: slash commands and interactions as forms, Events API as JSON. */
export type RequestKind = 'command' | 'interaction' | 'event';

export interface SlackSignatureHeaders {
  'X-Slack-Signature': string;
  'X-Slack-Request-Timestamp': string;
}

/** `v0=hex(HMAC-SHA256(secret, "v0:" + timestamp + ":" + rawBody))`; timestamp in Unix seconds (default now). */
export function signSlackRequest(
  secret: string,
  rawBody: string,
  timestamp = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const digest = createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'X-Slack-Signature': `v0=${digest}`, 'X-Slack-Request-Timestamp': String(timestamp) };
}

/** The raw body and content type Slack sends for a payload of this kind. */
export function encodeForApp(kind: RequestKind, payload: object): { body: string; contentType: string } {
  switch (kind) {
    case 'event':
      return { body: JSON.stringify(payload), contentType: 'application/json' };
    case 'interaction':
      return {
        body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        contentType: FORM,
      };
    case 'command': {
      const fields = Object.entries(payload).filter(([, v]) => v !== undefined && v !== null);
      return {
        body: new URLSearchParams(fields.map(([k, v]): [string, string] => [k, String(v)])).toString(),
        contentType: FORM,
      };
    }
  }
}

const FORM = 'application/x-www-form-urlencoded';

export interface PostToAppOptions {
  /** `X-Slack-Retry-Num` (Events API redelivery). */
  retryNum?: number;
  /** `X-Slack-Retry-Reason`, e.g. `http_timeout`. */
  retryReason?: string;
  /** Default TEST_SIGNING_SECRET. */
  secret?: string;
  /** Unix seconds to sign with (default now); older than 5 minutes is refused by Bolt. */
  timestamp?: number;
  /** Send a signature that does not match (Bolt answers 401). */
  badSignature?: boolean;
  /** Override the content type (Bolt answers 400 to anything but the exact form type for forms). */
  contentType?: string;
}

export interface AppResponse {
  status: number;
  /** The raw response body (Bolt's ack content: empty, text, or JSON). */
  body: string;
  /** The body parsed, when it is JSON. */
  json?: unknown;
  headers: Headers;
}

/** Posts a signed Slack request to a Bolt app's events endpoint (e.g. `appEventsUrl(server)`). */
export async function postToApp(
  appUrl: string,
  kind: RequestKind,
  payload: object,
  opts: PostToAppOptions = {},
): Promise<AppResponse> {
  const { body, contentType } = encodeForApp(kind, payload);
  const signed = signSlackRequest(opts.secret ?? TEST_SIGNING_SECRET, body, opts.timestamp);
  if (opts.badSignature) {
    const last = signed['X-Slack-Signature'].at(-1) === '0' ? '1' : '0';
    signed['X-Slack-Signature'] = signed['X-Slack-Signature'].slice(0, -1) + last;
  }
  const headers: Record<string, string> = { 'Content-Type': opts.contentType ?? contentType, ...signed };
  if (opts.retryNum !== undefined) headers['X-Slack-Retry-Num'] = String(opts.retryNum);
  if (opts.retryReason !== undefined) headers['X-Slack-Retry-Reason'] = opts.retryReason;
  const res = await fetch(appUrl, { method: 'POST', headers, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, body: text, ...(json !== undefined ? { json } : {}), headers: res.headers };
}

/** The events URL of a Bolt app started with `await app.start(0)` (its return value is the server). */
export function appEventsUrl(server: Server | AddressInfo, path = '/slack/events'): string {
  const address = 'address' in server && typeof server.address === 'function' ? server.address() : server;
  if (address === null || typeof address === 'string')
    throw new Error('the app server is not listening on TCP');
  return `http://127.0.0.1:${(address as AddressInfo).port}${path}`;
}
