import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../logger.js';

/** Where a line of Bolt's or the Slack clients' carries a payload, e.g. `http request body: {…}`. */
const PAYLOAD_START = /[[{]/;

/**
 * Bolt's, the Web API client's and the Socket Mode client's debug lines print whole request and
 * response bodies (a lead card's contact name, email and phone), envelopes and acks. Our
 * redaction works on keys, not on text, so a line is kept up to where its payload starts.
 */
export function withoutPayload(line: string): string {
  // The socket client's unparsable messages, printed as they came.
  if (line.startsWith('Unable to parse an incoming WebSocket message'))
    return 'Unable to parse an incoming WebSocket message [payload omitted]';
  const at = line.search(PAYLOAD_START);
  return at < 0 ? line : `${line.slice(0, at).trimEnd()} [payload omitted]`;
}

/**
 * Bolt's logger on top of ours, so Bolt's own warnings (bad signatures, unhandled requests) land
 * in the same JSON log. Bolt logs at `debug` a lot; its `info` goes to our `debug`. No line
 * carries a payload (see `withoutPayload`), whatever the level.
 */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'bolt' });
  const text = (msg: unknown[]) =>
    withoutPayload(
      msg
        .map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : JSON.stringify(m)))
        .join(' '),
    );
  const errOf = (msg: unknown[]) => msg.find((m): m is Error => m instanceof Error);
  let level = LogLevel.INFO;
  return {
    debug: (...msg: unknown[]) => child.debug(text(msg)),
    info: (...msg: unknown[]) => child.debug(text(msg)),
    warn: (...msg: unknown[]) => child.warn(text(msg)),
    error: (...msg: unknown[]) => {
      const err = errOf(msg);
      child.error(err ? { err } : {}, text(msg));
    },
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
