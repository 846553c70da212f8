import type { Money } from '../money.js';

/**
 * Amounts per currency: ISO code → integer minor units. Money in different currencies is never
 * added together; a report shows one figure per currency.
 */
export type MoneyMap = Record<string, number>;

/** Where a fact is counted: the person's own counters and the team's total. */
export type Tallies<T> = { person(id: string): T; team: T };

/** Adds `money` (times `factor`) into `map` in place; nothing when absent. */
export function addMoney(map: MoneyMap, money: Money | undefined, factor = 1): void {
  if (!money || !Number.isFinite(money.amount)) return;
  map[money.currency] = (map[money.currency] ?? 0) + factor * money.amount;
}

/** Adds every currency of `from` into `into` in place (times `factor`). */
export function addMoneyMap(into: MoneyMap, from: MoneyMap, factor = 1): void {
  for (const [currency, amount] of Object.entries(from))
    into[currency] = (into[currency] ?? 0) + amount * factor;
}

/** Each currency's amount rounded to whole minor units (expected values are fractional). */
export function roundMoney(map: MoneyMap): MoneyMap {
  const out: MoneyMap = {};
  for (const [currency, amount] of Object.entries(map)) out[currency] = Math.round(amount);
  return out;
}

/** Per-currency average: `sums[c] / counts[c]`, rounded to minor units; currencies with no count are left out. */
export function averageMoney(sums: MoneyMap, counts: Record<string, number>): MoneyMap {
  const out: MoneyMap = {};
  for (const [currency, amount] of Object.entries(sums)) {
    const n = counts[currency] ?? 0;
    if (n > 0) out[currency] = Math.round(amount / n);
  }
  return out;
}

/** `numerator / denominator`, or null when the denominator is 0 (never NaN or Infinity). */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

/**
 * A growable sample of numbers in one typed array (8 bytes per value, no per-value objects),
 * for exact medians.
 */
export class Sample {
  private values = new Float64Array(8);
  private n = 0;

  /** Number of values. */
  get size(): number {
    return this.n;
  }

  /** Appends one value. */
  add(value: number): void {
    if (this.n === this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.n++] = value;
  }

  /** Appends every value of another sample. */
  addAll(other: Sample): void {
    for (const v of other.view()) this.add(v);
  }

  /** The exact median (mean of the two middle values for an even count), or null when empty. */
  median(): number | null {
    if (this.n === 0) return null;
    const sorted = this.view().slice().sort();
    const mid = this.n >> 1;
    return this.n % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  }

  private view(): Float64Array {
    return this.values.subarray(0, this.n);
  }
}

/** A figure against the previous period, for the renderer ("12 ↑3, +33%"). */
export type Delta = {
  current: number | null;
  previous: number | null;
  /** current − previous; null when either is null. */
  change: number | null;
  /** change / previous; null when either is null or previous is 0. */
  relative: number | null;
};

/** Compares a figure with the previous period's. */
export function delta(current: number | null, previous: number | null): Delta {
  const change = current !== null && previous !== null ? current - previous : null;
  const relative =
    change !== null && previous !== null && previous !== 0 ? change / Math.abs(previous) : null;
  return { current, previous, change, relative };
}

/** Compares per-currency amounts; a currency missing on one side counts as 0 there. */
export function deltaMoney(current: MoneyMap, previous: MoneyMap): Record<string, Delta> {
  const out: Record<string, Delta> = {};
  for (const currency of new Set([...Object.keys(current), ...Object.keys(previous)])) {
    out[currency] = delta(current[currency] ?? 0, previous[currency] ?? 0);
  }
  return out;
}
