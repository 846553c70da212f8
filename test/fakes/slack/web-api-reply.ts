// The contract between the fake's HTTP layer and its Web API method handlers.
import type { ValidationFailure, ValidationOptions } from './block-kit-validator.js';
import type { FakeBot, FakeTeam, Ids, SlackState } from './slack-state.js';

/** Request arguments, JSON fields (blocks, view, ...) already decoded. */
export type Args = Record<string, unknown>;

/** What a handler answers; a `violation` is also recorded in `fake.violations`. */
export interface Reply {
  body: Record<string, unknown>;
  status?: number;
  violation?: ValidationFailure;
}

export interface MethodContext {
  state: SlackState;
  ids: Ids;
  team: FakeTeam;
  bot: FakeBot;
  /** `http://127.0.0.1:PORT`, for URLs the fake hands out. */
  origin: string;
  validation: ValidationOptions;
  /** How long a trigger_id can be exchanged for a view (Slack: 3 s). */
  triggerTtlMs: number;
}

/** A Web API method. Tests may add their own through `createFakeSlack({ methods })`. */
export type MethodHandler = (args: Args, ctx: MethodContext) => Reply;

export const ok = (extra: Record<string, unknown> = {}): Reply => ({ body: { ok: true, ...extra } });

export const fail = (error: string, extra: Record<string, unknown> = {}): Reply => ({
  body: { ok: false, error, ...extra },
});

/** Slack's answer to an invalid payload: `errors` for blocks, `response_metadata.messages` always. */
export function refuse(failure: ValidationFailure, status?: number): Reply {
  const withErrors = failure.error === 'invalid_blocks' || failure.error === 'invalid_blocks_format';
  return {
    body: {
      ok: false,
      error: failure.error,
      ...(withErrors ? { errors: failure.problems } : {}),
      response_metadata: { messages: failure.problems.map((p) => `[ERROR] ${p}`) },
    },
    ...(status !== undefined ? { status } : {}),
    violation: failure,
  };
}

/** A string argument, or undefined when absent or empty. */
export function str(args: Args, key: string): string | undefined {
  const v = args[key];
  if (typeof v === 'number') return String(v);
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** A boolean argument: form bodies send `"true"` / `"1"`. */
export function bool(args: Args, key: string): boolean {
  const v = args[key];
  return v === true || v === 'true' || v === '1' || v === 1;
}
