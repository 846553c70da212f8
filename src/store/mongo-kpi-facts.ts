import type { Collection, Document } from 'mongodb';
import { diffFacts, NOW_BUCKET, type FactMap } from '../core/kpi/facts.js';
import type { KpiFactStore } from '../core/ports.js';
import { FactChains, type Change, type Decide, type State } from './kpi-fact-chain.js';
import { isDuplicateKey } from './mongo-errors.js';

export { APPLIED_WINDOW } from './kpi-fact-chain.js';

type FactDoc = { _id: string; f: Record<string, number> };

/** One `apply` waiting for its team's batch: its delta per document. */
type Pending = {
  cause: string;
  parts: Map<string, Record<string, number>>;
  sinceReset: boolean;
  done: (err?: unknown) => void;
};

const DAY_MS = 24 * 3600_000;
/** How many documents a rebuild writes per batch. */
const RESET_BATCH = 100;

const docId = (teamId: string, day: string) => `${teamId}|${day}`;

/**
 * KPI facts summed per team and UTC day, twice: per quarter-hour (`<team>|2026-03-08`, keys
 * `HH:MM|who|metric|extra`) and for the whole day (`<team>|2026-03-08|d`, keys `who|metric|extra`),
 * plus `<team>|now` (keys `who|metric|extra`). A report reads about 180 documents by `_id`, however
 * long the team's history: the day sums, and the quarter-hours of the few days its windows cut.
 *
 * On FerretDB an update rewrites the whole document, so two concurrent `$inc`s can lose one. So a
 * document changes like an aggregate (kpi-fact-chain.ts): its next change is inserted once at
 * `<docId>#<v+1>` (the unique `_id` decides the race; the loser reads again), carrying the delta
 * and the causes; the document is a cache that the next writer rolls forward if a writer died in
 * between. The causes added recently are kept in the state, which is what makes a re-added cause
 * (a retried commit, a roll-forward after a crash) count once. A team's changes from one process
 * are batched: while a write is in flight the next ones queue and go in together, every document
 * of the batch in one insert and one replace.
 */
export class MongoKpiFactStore implements KpiFactStore {
  private readonly queues = new Map<string, Pending[]>();
  private readonly readyTeams = new Set<string>();
  private readonly chains: FactChains;

  constructor(
    private readonly docs: Collection<Document>,
    changes: Collection<Document>,
    private readonly ledger: Collection<Document>,
  ) {
    this.chains = new FactChains(docs, changes);
  }

  async apply(
    teamId: string,
    cause: string,
    delta: Record<string, number>,
    opts: { sinceReset?: boolean } = {},
  ): Promise<void> {
    const parts = byDocument(teamId, delta);
    if (!parts.size) return;
    await new Promise<void>((resolve, reject) => {
      const item: Pending = {
        cause,
        parts,
        sinceReset: opts.sinceReset ?? false,
        done: (err) =>
          err
            ? reject(err instanceof Error ? err : new Error('KPI facts write failed', { cause: err }))
            : resolve(),
      };
      const queue = this.queues.get(teamId);
      if (queue) queue.push(item);
      else {
        this.queues.set(teamId, [item]);
        void this.drain(teamId);
      }
    });
  }

  async read(teamId: string, from: Date, to: Date, cuts?: readonly Date[]): Promise<[string, number][]> {
    // A day no report boundary cuts is read as its day's sums (dated at its first quarter-hour);
    // a cut day as its quarter-hours.
    const reads: { id: string; prefix: string }[] = [
      { id: docId(teamId, NOW_BUCKET), prefix: `${NOW_BUCKET}|` },
    ];
    const first = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
    for (let t = first; t < to.getTime(); t += DAY_MS) {
      const day = new Date(t).toISOString().slice(0, 10);
      const cut = !cuts || cuts.some((c) => c.getTime() > t && c.getTime() < t + DAY_MS);
      reads.push(
        cut
          ? { id: docId(teamId, day), prefix: `${day}T` }
          : { id: `${docId(teamId, day)}${TOTAL}`, prefix: `${day}T00:00|` },
      );
    }
    const found = await Promise.all(
      reads.map((r) => this.docs.findOne({ _id: r.id } as Document, { projection: { f: 1 } })),
    );
    const out: [string, number][] = [];
    found.forEach((doc, i) => {
      if (!doc) return;
      const { prefix } = reads[i]!;
      for (const [k, n] of Object.entries((doc as unknown as FactDoc).f ?? {})) out.push([prefix + k, n]);
    });
    return out;
  }

  async reset(teamId: string, facts: Record<string, number>): Promise<void> {
    const stored = await this.docs.find({ teamId }).toArray();
    this.chains.guess(stored);
    const byDoc = byDocument(teamId, facts);
    for (const d of stored) if (!byDoc.has(String(d._id))) byDoc.set(String(d._id), {});
    const work = [...byDoc];
    for (let i = 0; i < work.length; i += RESET_BATCH) {
      const set =
        (f: Record<string, number>): Decide =>
        () => ({ set: f, causes: [] });
      await this.chains.commit(
        teamId,
        new Map(work.slice(i, i + RESET_BATCH).map(([id, f]) => [id, set(f)])),
      );
    }
  }

  async ready(teamId: string): Promise<boolean> {
    if (this.readyTeams.has(teamId)) return true;
    const mark = await this.ledger.findOne({ _id: `kpi-facts:${teamId}` } as Document);
    if (mark) this.readyTeams.add(teamId);
    return Boolean(mark);
  }

  async markReady(teamId: string): Promise<void> {
    try {
      await this.ledger.insertOne({
        _id: `kpi-facts:${teamId}`,
        kind: 'kpi-facts',
        at: new Date(),
      } as Document);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    this.readyTeams.add(teamId);
  }

  /** Writes the team's queued changes, a batch at a time, until none is left. */
  private async drain(teamId: string): Promise<void> {
    for (;;) {
      const batch = this.queues.get(teamId) ?? [];
      if (!batch.length) {
        this.queues.delete(teamId);
        return;
      }
      this.queues.set(teamId, []);
      const decisions = new Map<string, Decide>();
      for (const id of new Set(batch.flatMap((p) => [...p.parts.keys()])))
        decisions.set(id, (s) => addCauses(s, id, batch));
      try {
        await this.chains.commit(teamId, decisions);
        for (const p of batch) p.done();
      } catch (err) {
        for (const p of batch) p.done(err);
      }
    }
  }
}

/** A document's change adding the batch's causes it has not counted yet (null: none left). */
function addCauses(s: State, id: string, batch: Pending[]): Change | null {
  const seenAll = new Set(s.applied);
  const seenSince = new Set(s.applied.slice(s.resetAt));
  const delta: Record<string, number> = {};
  const causes: string[] = [];
  for (const p of batch) {
    const part = p.parts.get(id);
    if (!part || (p.sinceReset ? seenSince : seenAll).has(p.cause) || causes.includes(p.cause)) continue;
    causes.push(p.cause);
    for (const [k, n] of Object.entries(part)) delta[k] = (delta[k] ?? 0) + n;
  }
  return causes.length ? { delta, causes } : null;
}

/** Adds what changed between two states of an aggregate, keyed by the event (`<id>:<version>`). */
export async function projectFacts(
  store: KpiFactStore,
  after: { id: string; teamId: string; version: number },
  before: FactMap,
  now: FactMap,
): Promise<void> {
  const delta = diffFacts(before, now);
  if (Object.keys(delta).length) await store.apply(after.teamId, `${after.id}:${after.version}`, delta);
}

/** Suffix of a day's sums document (beside its quarter-hours, `<team>|<day>`). */
const TOTAL = '|d';

/** A delta (or a rebuild's sums) split by the documents its keys are summed in. */
function byDocument(teamId: string, facts: Record<string, number>): Map<string, Record<string, number>> {
  const byDoc = new Map<string, Record<string, number>>();
  for (const [key, n] of Object.entries(facts)) {
    for (const [id, inner] of split(teamId, key)) {
      let d = byDoc.get(id);
      if (!d) byDoc.set(id, (d = {}));
      d[inner] = (d[inner] ?? 0) + n;
    }
  }
  return byDoc;
}

/** The documents a fact key is summed in, and its key in each: its day's quarter-hours and sums. */
function split(teamId: string, key: string): [string, string][] {
  const bar = key.indexOf('|');
  const bucket = key.slice(0, bar);
  if (bucket === NOW_BUCKET) return [[docId(teamId, NOW_BUCKET), key.slice(bar + 1)]];
  const day = docId(teamId, bucket.slice(0, 10));
  return [
    [day, key.slice(11)],
    [`${day}${TOTAL}`, key.slice(bar + 1)],
  ];
}
