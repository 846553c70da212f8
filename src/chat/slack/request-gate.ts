import type { IncomingMessage, ServerResponse } from 'node:http';
import { HTTPModuleFunctions, verifySlackRequest, type BufferedIncomingMessage } from '@slack/bolt';
import { readBody } from '../../http/read-body.js';
import type { RouteHandler } from '../../http/server.js';
import type { Logger } from '../../logger.js';
import { slackBodyProblem } from './request-shape.js';

/** Bolt's own limit on a request body. */
export const SLACK_BODY_LIMIT = 4 * 1024 * 1024;

/** How far a request's timestamp may be from our clock, either way (Slack's rule: 5 minutes). */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type SlackRequestGateDeps = {
  signingSecret: string;
  /** Bolt's HTTP receiver, which gets every request that passed. */
  bolt: RouteHandler;
  log: Logger;
  /** Wall-clock milliseconds (the signature's clock, not business time). */
  nowMs?: () => number;
};

/**
 * `POST /slack/events` in front of Bolt: the body is read once, the timestamp must be within five
 * minutes of now in either direction (Bolt refuses only stale ones), the signature must match, and
 * the body must be something Slack sends (see request-shape.ts). Refusals are answered at once —
 * 401 for trust, 400 for shape, 413 for size — and logged; Bolt never sees them. What passes goes
 * to Bolt with the bytes already read (Bolt reads `rawBody` instead of the stream).
 */
export function slackRequestGate(deps: SlackRequestGateDeps): RouteHandler {
  const nowMs = deps.nowMs ?? Date.now;
  const refuse = (res: ServerResponse, status: number, reason: string) => {
    deps.log.warn({ status, reason }, 'slack: request refused');
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: status === 401 ? 'unauthorized' : 'bad_request' }));
  };
  return async (req, res) => {
    const raw = await readBody(req, SLACK_BODY_LIMIT);
    if (!raw) return refuse(res, 413, `body over ${SLACK_BODY_LIMIT} bytes`);
    const buffered: BufferedIncomingMessage = Object.assign(req, { rawBody: raw });
    // Slack's SSL check is unsigned; Bolt answers it and drops anything smuggled along.
    if (isSslCheck(req, raw)) return deps.bolt(buffered, res);

    const timestamp = Number(header(req, 'x-slack-request-timestamp'));
    if (!Number.isInteger(timestamp)) return refuse(res, 401, 'no request timestamp');
    const skew = Math.floor(nowMs() / 1000) - timestamp;
    if (Math.abs(skew) > MAX_CLOCK_SKEW_SECONDS)
      return refuse(res, 401, `request timestamp ${skew > 0 ? 'older' : 'newer'} than 5 minutes`);
    try {
      verifySlackRequest({
        signingSecret: deps.signingSecret,
        body: raw.toString('utf8'),
        headers: {
          'x-slack-signature': header(req, 'x-slack-signature') ?? '',
          'x-slack-request-timestamp': timestamp,
        },
        nowMilliseconds: nowMs(),
      });
    } catch {
      return refuse(res, 401, 'signature mismatch');
    }

    let body: unknown;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered) as unknown;
    } catch {
      return refuse(res, 400, 'body is not JSON or a form');
    }
    const problem = slackBodyProblem(body);
    if (problem) return refuse(res, 400, `not a Slack payload: ${problem}`);
    return deps.bolt(buffered, res);
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

function isSslCheck(req: IncomingMessage, raw: Buffer): boolean {
  return (
    req.headers['content-type'] === 'application/x-www-form-urlencoded' &&
    new URLSearchParams(raw.toString('utf8')).get('ssl_check') === '1'
  );
}
