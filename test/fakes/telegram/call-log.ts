/** The records tests assert on: calls, violations and webhook deliveries, each waitable. */
import type { ApiCall, DeliveryAttempt, Violation } from './types.js';

/** An append-only list that can wait for an entry. */
export class Recorder<T> {
  readonly items: T[] = [];
  private readonly listeners = new Set<(item: T) => void>();

  constructor(private readonly describe: (item: T) => string) {}

  add(item: T): T {
    this.items.push(item);
    for (const listener of [...this.listeners]) listener(item);
    return item;
  }

  /** Resolves with the first entry (recorded already or still to come) that matches. */
  waitFor(matches: (item: T) => boolean, timeoutMs: number, what: string): Promise<T> {
    const found = this.items.find(matches);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const listener = (item: T): void => {
        if (!matches(item)) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(item);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        const seen = this.items.map((i) => `  ${this.describe(i)}`).join('\n');
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; recorded so far:\n${seen}`));
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  clear(): void {
    this.items.length = 0;
  }
}

const truncate = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max)}…` : s);

export class CallLog {
  private seq = 0;
  readonly calls = new Recorder<ApiCall>((c) => {
    const outcome = c.ok ? 'ok' : `${c.status} ${c.error?.description ?? ''}`;
    return `#${c.seq} ${c.method} ${outcome} ${truncate(JSON.stringify(c.params), 200)}`;
  });
  readonly violations: Violation[] = [];
  readonly deliveries = new Recorder<DeliveryAttempt>(
    (d) => `update ${d.update_id ?? '?'} attempt ${d.attempt} → ${d.status}${d.raw ? ' (raw)' : ''} ${d.url}`,
  );

  addCall(call: Omit<ApiCall, 'seq'>): ApiCall {
    return this.calls.add({ ...call, seq: ++this.seq });
  }

  waitForCall(method: string, predicate: (call: ApiCall) => boolean, timeoutMs: number): Promise<ApiCall> {
    return this.calls.waitFor(
      (c) => c.method === method && predicate(c),
      timeoutMs,
      `a matching ${method} call`,
    );
  }

  /** Throws, listing every violation, unless there are none. */
  expectNoViolations(): void {
    if (this.violations.length === 0) return;
    const lines = this.violations.map((v, i) => {
      const head = `${i + 1}. ${v.method} (bot ${v.token.split(':')[0]}, via ${v.via})`;
      const problems = v.problems.map((p) => `     - ${p}`).join('\n');
      return `${head}\n${problems}\n     params: ${truncate(JSON.stringify(v.params), 400)}`;
    });
    throw new Error(`${this.violations.length} Bot API call(s) broke the contract:\n${lines.join('\n')}`);
  }

  reset(): void {
    this.calls.clear();
    this.violations.length = 0;
    this.deliveries.clear();
  }
}
