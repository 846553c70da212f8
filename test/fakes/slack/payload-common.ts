import type { FakeSlack } from './fake-slack.js';

/** The part of the fake that payloads are built from. */
export type PayloadSource = Pick<FakeSlack, 'team' | 'bot' | 'issueTriggerId' | 'issueResponseUrl' | 'user'>;

/** Slack still sends the deprecated verification token; Bolt ignores it. */
export const VERIFICATION_TOKEN = 'deprecated-verification-token';

/** Slack's `action_ts` / `event_ts` style: Unix seconds with microseconds. */
export const actionTs = (): string => (Date.now() / 1000).toFixed(6);
