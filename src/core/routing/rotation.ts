/**
 * Smooth weighted round robin (the algorithm nginx uses): every turn each candidate's current
 * weight grows by its weight, the largest wins and pays back the total. Over any stretch of
 * turns each candidate gets turns in proportion to its weight, spread out evenly (weights 2:1
 * give A B A, A B A …), and people who were ineligible for a while keep their place instead of
 * being flooded when they return.
 */
export type Candidate = { id: string; weight: number };

export function pickSmoothWeighted(
  current: Readonly<Record<string, number>>,
  candidates: readonly Candidate[],
  /**
   * Who may be chosen this turn (default: every candidate). The others still gain their weight:
   * someone skipped for this lead only (they passed it, or it was already offered to them) is
   * not charged for it, and whoever takes it pays a full turn.
   */
  pickable?: ReadonlySet<string>,
): { chosen: string; weights: Record<string, number> } {
  const weights: Record<string, number> = { ...current };
  const sorted = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  let total = 0;
  let best: Candidate | undefined;
  for (const c of sorted) {
    total += c.weight;
    weights[c.id] = round((weights[c.id] ?? 0) + c.weight);
    if (pickable && !pickable.has(c.id)) continue;
    if (!best || weights[c.id]! > weights[best.id]!) best = c;
  }
  if (!best) throw new Error('no pickable candidates');
  weights[best.id] = round(weights[best.id]! - total);
  return { chosen: best.id, weights };
}

/** Gives a turn back (a no-show): the person moves up by one round's total weight. */
export function creditTurn(
  current: Readonly<Record<string, number>>,
  personId: string,
  roundTotal: number,
): Record<string, number> {
  return { ...current, [personId]: round((current[personId] ?? 0) + roundTotal) };
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
