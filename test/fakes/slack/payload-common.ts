import type { FakeSlack } from './fake-slack.js';

/** The part of the fake that payloads are built from. */
export type PayloadSource = Pick<FakeSlack, 'team' | 'bot' | 'issueTriggerId' | 'issueResponseUrl' | 'user'>;

/** Slack still sends the deprecated verification token; Bolt ignores it. */
export const VERIFICATION_TOKEN = 'deprecated-verification-token';

let lastMicros = 0;

/**
 * Slack's `action_ts` / `event_ts` style: Unix seconds with microseconds, strictly increasing
 * (like Slack's, two clicks in the same millisecond get different values).
 */
export const actionTs = (): string => {
  lastMicros = Math.max(Date.now() * 1000, lastMicros + 1);
  return `${Math.floor(lastMicros / 1e6)}.${String(lastMicros % 1e6).padStart(6, '0')}`;
};
