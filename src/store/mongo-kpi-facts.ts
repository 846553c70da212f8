import type { Collection, Document } from 'mongodb';
import { diffFacts, NOW_BUCKET, type FactMap } from '../core/kpi/facts.js';
import type { KpiFactStore } from '../core/ports.js';
import { FactChains, type Change, type ChangeDoc, type Decide, type State } from './kpi-fact-chain.js';
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

/**
 * An aggregate change's facts as change records for the caller to insert in the same ordered
 * command as its event (so none goes in unless the event did), and `done`, to be called in every
 * case, with the ids that went in (null: the event did not); `probe`: an event `_id` looked up in
 * the command that writes the facts' caches (they are kept among the events): whether it exists,
 * null when not looked up.
 */
export type FoldedFacts = {
  records: ChangeDoc[];
  done(inserted: Set<string> | null, probe?: string): Promise<boolean | null>;
};

const DAY_MS = 24 * 3600_000;
/** How many documents a rebuild writes per batch. */
const RESET_BATCH = 100;

/** A facts document: `<team>|<YYYY-MM-DD>` (a day), `<team>|<YYYY-MM>` (a month), `<team>|now`. */
const docId = (teamId: string, span: string) => `${teamId}|${span}`;

/**
 * KPI facts summed per team, twice: per UTC day at quarter-hour resolution (`<team>|2026-03-08`,
 * keys `HH:MM|who|metric|extra`) and per UTC month at day resolution (`<team>|2026-03`, keys
 * `DD|who|metric|extra`), plus `<team>|now` (keys `who|metric|extra`). A report reads one
 * document per month its windows and lookback span, the quarter-hours of the few days a window
 * bound cuts, and `now`: about a dozen documents by `_id` (FerretDB looks up nothing else by
 * index), however long the team's history and however long the windows.
 *
 * On FerretDB an update rewrites the whole document, so two concurrent `$inc`s can lose one. So a
 * document changes like an aggregate (kpi-fact-chain.ts): its next change is inserted once at
 * `facts:<docId>#<v+1>` (the unique `_id` decides the race; the loser reads again), carrying the delta
 * and the causes; the document is a cache that the next writer rolls forward if a writer died in
 * between. The causes added recently are kept in the state, which is what makes a re-added cause
 * (a retried commit, a roll-forward after a crash) count once. A team's changes from one process
 * are batched: while a write is in flight the next ones queue and go in together, every document
 * of the batch in one insert and one replace. When none is in flight, an aggregate's change
 * inserts its facts' changes with its event instead (`fold`): one replace left, which also looks
 * up the aggregate's next event for it (the documents and their changes are kept among the events).
 */
export class MongoKpiFactStore implements KpiFactStore {
  /**
   * 2: month documents at day resolution replaced the day sums (`<team>|<day>|d`) of layout 1.
   * 3: the changes moved from `kpi_fact_changes` to the events (a cache of layout 2 may lag its
   * changes there, so every team's facts are built again once).
   * 4: the caches moved from `kpi_facts` to the events too, their changes at `facts:<docId>#<v>`
   * (was `kpi:`: a new chain, so the first build does not roll over layout 3's changes).
   */
  readonly layout = 4;
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

  /**
   * `apply(teamId, cause, delta)` as change records for the caller's own insert (see FoldedFacts),
   * planned on the states this process knows, or null when the team's facts are being written
   * already (then `apply`, which queues behind). Holds the team's queue until `done`.
   */
  fold(teamId: string, cause: string, delta: Record<string, number>): FoldedFacts | null {
    const parts = byDocument(teamId, delta);
    if (!parts.size || this.queues.has(teamId)) return null;
    this.queues.set(teamId, []);
    const decisions = decisionsOf([{ cause, parts, sinceReset: false, done: () => {} }]);
    const plan = this.chains.plan(teamId, decisions);
    return {
      records: plan.changes,
      done: async (inserted, probe) => {
        try {
          return inserted ? await this.chains.settle(teamId, decisions, plan, inserted, probe) : null;
        } finally {
          void this.drain(teamId);
        }
      },
    };
  }

  async read(teamId: string, from: Date, to: Date, cuts?: readonly Date[]): Promise<[string, number][]> {
    // A day no report boundary cuts is read from its month's day sums (dated at its first
    // quarter-hour); a cut day as its quarter-hours.
    const reads: { id: string; prefix: string; days?: Set<string> }[] = [
      { id: docId(teamId, NOW_BUCKET), prefix: `${NOW_BUCKET}|` },
    ];
    const months = new Map<string, Set<string>>();
    const first = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
    for (let t = first; t < to.getTime(); t += DAY_MS) {
      const day = new Date(t).toISOString().slice(0, 10);
      const cut = !cuts || cuts.some((c) => c.getTime() > t && c.getTime() < t + DAY_MS);
      if (cut) reads.push({ id: docId(teamId, day), prefix: `${day}T` });
      else {
        const month = day.slice(0, 7);
        const days = months.get(month) ?? new Set<string>();
        months.set(month, days.add(day.slice(8)));
      }
    }
    for (const [month, days] of months) reads.push({ id: docId(teamId, month), prefix: `${month}-`, days });
    const found = await Promise.all(
      reads.map((r) => this.docs.findOne({ _id: r.id } as Document, { projection: { f: 1 } })),
    );
    const out: [string, number][] = [];
    found.forEach((doc, i) => {
      if (!doc) return;
      const { prefix, days } = reads[i]!;
      for (const [k, n] of Object.entries((doc as unknown as FactDoc).f ?? {})) {
        if (!days) out.push([prefix + k, n]);
        else if (days.has(k.slice(0, 2))) out.push([`${prefix}${k.slice(0, 2)}T00:00${k.slice(2)}`, n]);
      }
    });
    return out;
  }

  async reset(teamId: string, facts: Record<string, number>): Promise<void> {
    const stored = await this.docs.find({ teamId, applied: { $exists: true } }).toArray();
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
    const mark = await this.ledger.findOne({ _id: this.readyMark(teamId) } as Document);
    if (mark) this.readyTeams.add(teamId);
    return Boolean(mark);
  }

  async markReady(teamId: string): Promise<void> {
    try {
      await this.ledger.insertOne({
        _id: this.readyMark(teamId),
        kind: 'kpi-facts',
        at: new Date(),
      } as Document);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    this.readyTeams.add(teamId);
  }

  /** The ledger record saying the team's facts are complete in this layout (layout 1 had no suffix). */
  private readyMark(teamId: string): string {
    return `kpi-facts-v${this.layout}:${teamId}`;
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
      try {
        await this.chains.commit(teamId, decisionsOf(batch));
        for (const p of batch) p.done();
      } catch (err) {
        for (const p of batch) p.done(err);
      }
    }
  }
}

/** Each document's decision for a batch: add the batch's causes it has not counted yet. */
function decisionsOf(batch: Pending[]): Map<string, Decide> {
  const decisions = new Map<string, Decide>();
  for (const id of new Set(batch.flatMap((p) => [...p.parts.keys()])))
    decisions.set(id, (s) => addCauses(s, id, batch));
  return decisions;
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

/** `projectFacts` as change records to insert with the event (null: none, or the store cannot). */
export function foldFacts(
  store: KpiFactStore,
  after: { id: string; teamId: string; version: number },
  before: FactMap,
  now: FactMap,
): FoldedFacts | null {
  if (!(store instanceof MongoKpiFactStore)) return null;
  const delta = diffFacts(before, now);
  return Object.keys(delta).length ? store.fold(after.teamId, `${after.id}:${after.version}`, delta) : null;
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

/** The documents a fact key is summed in, and its key in each: its day's quarter-hours, its month's days. */
function split(teamId: string, key: string): [string, string][] {
  const bar = key.indexOf('|');
  const bucket = key.slice(0, bar);
  if (bucket === NOW_BUCKET) return [[docId(teamId, NOW_BUCKET), key.slice(bar + 1)]];
  return [
    [docId(teamId, bucket.slice(0, 10)), key.slice(11)],
    [docId(teamId, bucket.slice(0, 7)), `${bucket.slice(8, 10)}${key.slice(bar)}`],
  ];
}
