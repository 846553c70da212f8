// What tests assert on: recorded calls, violations, injected failures, 429 count.
import type { Args, Reply } from './web-api-reply.js';

/** One request to the fake, as received and answered. */
export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `response_url` for a POST to a response_url. */
  method: string;
  /** Arguments with JSON fields decoded (and without `token`). */
  args: Args;
  /** Arrival time, `Date.now()`. */
  at: number;
  /** For `response_url`: the full URL posted to, so a test can wait for the answer to its own request. */
  url?: string;
  /** The bearer token (or `token` form field) sent, if any. */
  token?: string;
  status: number;
  response: Record<string, unknown>;
}

/** A payload the fake refused as invalid. */
export interface Violation {
  method: string;
  /** The error code answered, e.g. `invalid_blocks`. */
  error: string;
  /** Slack-style messages, each ending in `[json-pointer:/...]`. */
  problems: string[];
  args: Args;
  at: number;
}

/** An injected failure. A 429 carries `Retry-After: retryAfter` (default 1 s) and `ratelimited`. */
export interface Failure {
  /** HTTP status. Default 429. */
  status?: number;
  /** Seconds, for 429. Default 1. */
  retryAfter?: number;
  /** Error code in the body. Default `ratelimited` for 429, `fatal_error` otherwise. */
  error?: string;
  /** How many consecutive calls fail. Default 1. */
  times?: number;
  /**
   * The call takes effect and only its answer is the failure (a gateway error or a dropped
   * connection after Slack did the work): what a client must not take as "not done".
   */
  afterHandling?: boolean;
}

export function createRecorder() {
  let calls: RecordedCall[] = [];
  let violations: Violation[] = [];
  let served429 = 0;
  let waiters: (() => void)[] = [];
  const failures = new Map<string, Required<Failure>[]>();

  return {
    get violations(): readonly Violation[] {
      return violations;
    },
    ratelimitedCount: () => served429,
    count429() {
      served429 += 1;
    },
    call(c: RecordedCall) {
      calls.push(c);
      for (const w of [...waiters]) w();
    },
    violation(v: Violation) {
      violations.push(v);
    },
    calls: (method?: string) =>
      method === undefined ? [...calls] : calls.filter((c) => c.method === method),

    waitForCall(
      method: string,
      predicate: (c: RecordedCall) => boolean = () => true,
      timeoutMs = 5000,
    ): Promise<RecordedCall> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.find((c) => c.method === method && predicate(c));
          if (!found) return;
          cleanup();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanup();
          const seen = calls.map(
            (c) => `  ${c.method} → ${c.status} ${JSON.stringify(c.response).slice(0, 120)}`,
          );
          reject(
            new Error(
              `no ${method} call matched within ${timeoutMs} ms; calls so far:\n${seen.join('\n') || '  (none)'}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== check);
        };
        waiters.push(check);
        check();
      });
    },

    failNext(method: string, failure: Failure = {}) {
      const status = failure.status ?? 429;
      const full: Required<Failure> = {
        status,
        retryAfter: failure.retryAfter ?? 1,
        error: failure.error ?? (status === 429 ? 'ratelimited' : 'fatal_error'),
        times: failure.times ?? 1,
        afterHandling: failure.afterHandling ?? false,
      };
      failures.set(method, [...(failures.get(method) ?? []), full]);
    },
    /** The reply for an injected failure of `method`, if one is pending (and uses it up). */
    takeFailure(
      method: string,
    ): { reply: Reply; headers: Record<string, string>; afterHandling: boolean } | undefined {
      const queue = failures.get(method);
      const next = queue?.[0];
      if (!queue || !next) return undefined;
      next.times -= 1;
      if (next.times <= 0) queue.shift();
      return {
        reply: { status: next.status, body: { ok: false, error: next.error } },
        headers: next.status === 429 ? { 'retry-after': String(next.retryAfter) } : {},
        afterHandling: next.afterHandling,
      };
    },

    expectNoViolations() {
      if (violations.length === 0) return;
      const lines = violations.map((v, i) =>
        [`${i + 1}. ${v.method} → ${v.error}`, ...v.problems.map((p) => `     - ${p}`)].join('\n'),
      );
      throw new Error(`fake Slack refused ${violations.length} invalid payload(s):\n${lines.join('\n')}`);
    },

    reset() {
      calls = [];
      violations = [];
      served429 = 0;
      failures.clear();
    },
  };
}
