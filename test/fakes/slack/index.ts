// The fake Slack for end-to-end tests. See README.md.
export { createFakeSlack, dmChannelFor } from './fake-slack.js';
export type { Failure, FakeSlack, FakeSlackOptions, RecordedCall, Violation } from './fake-slack.js';
export type { FakeBot, FakeTeam, FakeUser, FakeUserInput, StoredMessage, StoredView } from './slack-state.js';
export type { RateLimitOptions } from './rate-limiter.js';
export type { Delivery, FakeSocketMode, SocketConnection, SocketModeOptions } from './socket-mode.js';
export type { DeliverOptions, EnvelopeAck, EnvelopeRecord, EnvelopeType } from './socket-envelopes.js';
export type { MethodHandler, MethodContext, Reply } from './web-api-reply.js';
export { checkMessage, checkView } from './block-kit-validator.js';
export type { ValidationFailure, ValidationOptions } from './block-kit-validator.js';
export * from './requests.js';
export { recordingLogger } from './recording-logger.js';
