/** Percentiles, medians and the printing of benchmark results. */

/** The p-th percentile (0..100) of `values` by nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]): number => percentile(values, 50);

/** A number with a sensible number of digits. */
export function fmt(n: number, unit = ''): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return `${n.toFixed(digits)}${unit}`;
}

/** One line of the final summary: a ratio against its goal. */
export type Verdict = {
  bench: string;
  what: string;
  ratio: number;
  goal: string;
  met: boolean;
  raw: string;
};

export function verdict(
  bench: string,
  what: string,
  ratio: number,
  goal: { max?: number; min?: number },
  raw: string,
): Verdict {
  const met = (goal.max === undefined || ratio <= goal.max) && (goal.min === undefined || ratio >= goal.min);
  const goalText = goal.max !== undefined ? `≤ ${goal.max}` : `≥ ${goal.min ?? 0}`;
  return { bench, what, ratio, goal: goalText, met, raw };
}

/** Prints a heading and indented lines as the benchmark goes. */
export function section(title: string): (line: string) => void {
  console.log(`\n== ${title}`);
  return (line) => console.log(`   ${line}`);
}

export function printSummary(verdicts: readonly Verdict[]): void {
  console.log('\n== Summary (ratios measured side by side in this run; medians over rounds)');
  for (const v of verdicts) {
    const mark = v.met ? 'ok  ' : 'MISS';
    console.log(`${mark} ${v.bench} ${v.what}: ${fmt(v.ratio)}× (goal ${v.goal})  [${v.raw}]`);
  }
}

/** Runs `fns` `rounds` times, alternating which goes first, and returns each one's results. */
export async function alternate<T>(rounds: number, fns: (() => Promise<T>)[]): Promise<T[][]> {
  const out: T[][] = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = fns.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) out[i]!.push(await fns[i]!());
  }
  return out;
}
