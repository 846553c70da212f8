// The base of the month test's commands: each step acts through the console, then every
// invariant is checked (invariants.ts).
import type fc from 'fast-check';
import { checkAll } from './invariants.js';
import type { MLead, Model } from './model.js';
import type { World } from './world.js';

export type Real = { w: World };
export type Cmd = fc.AsyncCommand<Model, Real>;

export function expectMatch(out: string, re: RegExp, what: string): void {
  if (!re.test(out)) throw new Error(`${what}: expected ${re} in the console's answer:\n${out}`);
}

export const nowOf = (r: Real) => r.w.clock.now().getTime();

export abstract class Step implements Cmd {
  check(m: Readonly<Model>): boolean {
    return this.applies(m);
  }
  protected applies(_m: Readonly<Model>): boolean {
    return true;
  }
  protected abstract act(m: Model, r: Real): Promise<void>;
  async run(m: Model, r: Real): Promise<void> {
    const from = r.w.sent.length;
    await this.act(m, r);
    await checkAll(m, r.w, from);
  }
  abstract toString(): string;
}

/** Picks the `i`-th (modulo) of a list. */
export const nth = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

export abstract class OnLead extends Step {
  constructor(readonly i: number) {
    super();
  }
  protected lead(m: Readonly<Model>): MLead {
    return nth(m.leads, this.i);
  }
  protected override applies(m: Readonly<Model>): boolean {
    return m.leads.length > 0;
  }
}
