import type { Collection, Document } from 'mongodb';
import { diffFacts, NOW_BUCKET, type FactMap } from '../core/kpi/facts.js';
import type { KpiFactStore } from '../core/ports.js';
import { isDuplicateKey } from './mongo-errors.js';

/** The state of one facts document: sums, and the causes already added (newest last). */
type State = { v: number; f: Record<string, number>; applied: string[]; resetAt: number };

type FactDoc = {
  _id: string;
  teamId: string;
  v: number;
  f: Record<string, number>;
  applied: string[];
  resetAt?: number;
};

/** A change of one facts document, inserted once at `<docId>#<v>`: a delta, or a rebuild's new sums. */
type ChangeDoc = {
  _id: string;
  teamId: string;
  causes: string[];
  delta?: Record<string, number>;
  set?: Record<string, number>;
};

type Pending = {
  cause: string;
  delta: Record<string, number>;
  sinceReset: boolean;
  done: (err?: unknown) => void;
};

/** How many recent causes a document remembers (a cause re-added later than this counts twice). */
export const APPLIED_WINDOW = 500;
const MAX_ATTEMPTS = 50;
const DAY_MS = 24 * 3600_000;

const docId = (teamId: string, day: string) => `${teamId}|${day}`;

/**
 * KPI facts summed per team and UTC day, twice: per quarter-hour (`<team>|2026-03-08`, keys
 * `HH:MM|who|metric|extra`) and for the whole day (`<team>|2026-03-08|d`, keys `who|metric|extra`),
 * plus `<team>|now` (keys `who|metric|extra`). A report reads about 180 documents by `_id`, however
 * long the team's history: the day sums, and the quarter-hours of the few days its windows cut.
 *
 * On FerretDB an update rewrites the whole document, so two concurrent `$inc`s can lose one. So a
 * document changes like an aggregate: its next change is inserted once at `<docId>#<v+1>` (the
 * unique `_id` decides the race; the loser reads again), carrying the delta and the causes; the
 * document is a cache that the next writer rolls forward if a writer died in between. The causes
 * added recently are kept in the state, which is what makes a re-added cause (a retried commit,
 * a roll-forward after a crash) count once. Changes to one document from one process are
 * batched: while a write is in flight the next ones queue and go in together.
 */
export class MongoKpiFactStore implements KpiFactStore {
  private readonly queues = new Map<string, Pending[]>();
  private readonly readyTeams = new Set<string>();

  constructor(
    private readonly docs: Collection<Document>,
    private readonly changes: Collection<Document>,
    private readonly ledger: Collection<Document>,
  ) {}

  async apply(
    teamId: string,
    cause: string,
    delta: Record<string, number>,
    opts: { sinceReset?: boolean } = {},
  ): Promise<void> {
    const byDoc = new Map<string, Record<string, number>>();
    for (const [key, n] of Object.entries(delta)) {
      for (const [id, inner] of split(teamId, key)) {
        let d = byDoc.get(id);
        if (!d) byDoc.set(id, (d = {}));
        d[inner] = (d[inner] ?? 0) + n;
      }
    }
    await Promise.all(
      [...byDoc].map(
        ([id, d]) =>
          new Promise<void>((resolve, reject) => {
            const item: Pending = {
              cause,
              delta: d,
              sinceReset: opts.sinceReset ?? false,
              done: (err) =>
                err
                  ? reject(err instanceof Error ? err : new Error('KPI facts write failed', { cause: err }))
                  : resolve(),
            };
            const queue = this.queues.get(id);
            if (queue) queue.push(item);
            else {
              this.queues.set(id, [item]);
              void this.drain(teamId, id);
            }
          }),
      ),
    );
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
    const byDoc = new Map<string, Record<string, number>>();
    for (const d of await this.docs.find({ teamId }, { projection: { _id: 1 } }).toArray())
      byDoc.set(String(d._id), {});
    for (const [key, n] of Object.entries(facts)) {
      for (const [id, inner] of split(teamId, key)) {
        let d = byDoc.get(id);
        if (!d) byDoc.set(id, (d = {}));
        d[inner] = (d[inner] ?? 0) + n;
      }
    }
    // Documents are independent: a few at a time (a rebuild writes one per day of history).
    const work = [...byDoc];
    const worker = async () => {
      for (let next = work.pop(); next; next = work.pop()) {
        const [id, f] = next;
        await this.commit(teamId, id, (s) => ({ set: f, causes: [], state: s }));
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
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

  /** Writes the queued changes of one document, a batch at a time, until none is left. */
  private async drain(teamId: string, id: string): Promise<void> {
    for (;;) {
      const batch = this.queues.get(id) ?? [];
      if (!batch.length) {
        this.queues.delete(id);
        return;
      }
      this.queues.set(id, []);
      try {
        await this.commit(teamId, id, (s) => {
          const seenAll = new Set(s.applied);
          const seenSince = new Set(s.applied.slice(s.resetAt));
          const fresh = batch.filter((p) => !(p.sinceReset ? seenSince : seenAll).has(p.cause));
          const causes = [...new Set(fresh.map((p) => p.cause))];
          if (!causes.length) return null;
          const delta: Record<string, number> = {};
          const taken = new Set<string>();
          for (const p of fresh) {
            if (taken.has(p.cause)) continue;
            taken.add(p.cause);
            for (const [k, n] of Object.entries(p.delta)) delta[k] = (delta[k] ?? 0) + n;
          }
          return { delta, causes, state: s };
        });
        for (const p of batch) p.done();
      } catch (err) {
        for (const p of batch) p.done(err);
      }
    }
  }

  /** Inserts the next change of a document (re-reading on a lost race) and updates the cache. */
  private async commit(
    teamId: string,
    id: string,
    decide: (s: State) => {
      delta?: Record<string, number>;
      set?: Record<string, number>;
      causes: string[];
      state: State;
    } | null,
  ): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const state = await this.load(teamId, id);
      const change = decide(state);
      if (!change) return;
      const next = applyChange(state, change);
      try {
        await this.changes.insertOne(
          compactChange({
            _id: `${id}#${next.v}`,
            teamId,
            causes: change.causes,
            delta: change.delta,
            set: change.set,
          }),
        );
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        continue;
      }
      await this.writeCache(teamId, id, next);
      return;
    }
    throw new Error(`KPI facts ${id}: too many concurrent changes`);
  }

  /** The document's state, rolled forward over changes newer than its cache. */
  private async load(teamId: string, id: string): Promise<State> {
    const doc = (await this.docs.findOne({ _id: id } as Document)) as unknown as FactDoc | null;
    let s: State = doc
      ? { v: doc.v, f: doc.f ?? {}, applied: doc.applied ?? [], resetAt: doc.resetAt ?? 0 }
      : { v: 0, f: {}, applied: [], resetAt: 0 };
    const cached = s.v;
    for (;;) {
      const ch = (await this.changes.findOne({
        _id: `${id}#${s.v + 1}`,
      } as Document)) as unknown as ChangeDoc | null;
      if (!ch) break;
      s = applyChange(s, {
        causes: ch.causes ?? [],
        ...(ch.delta ? { delta: ch.delta } : {}),
        ...(ch.set ? { set: ch.set } : {}),
      });
    }
    if (s.v !== cached) await this.writeCache(teamId, id, s);
    return s;
  }

  private async writeCache(teamId: string, id: string, s: State): Promise<void> {
    // Never move the cache backwards (a slow writer of v must not overwrite v+1); a writer that
    // loses the race between this read and the replace leaves an older cache, rolled forward later.
    const cached = await this.docs.findOne({ _id: id } as Document, { projection: { v: 1 } });
    if (cached && typeof cached.v === 'number' && cached.v >= s.v) return;
    const doc = { teamId, v: s.v, f: s.f, applied: s.applied, resetAt: s.resetAt };
    await this.docs.replaceOne({ _id: id } as Document, doc, { upsert: true }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err;
    });
  }
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

function applyChange(
  s: State,
  ch: { delta?: Record<string, number>; set?: Record<string, number>; causes: string[] },
): State {
  const f = ch.set ? { ...ch.set } : { ...s.f };
  for (const [k, n] of Object.entries(ch.delta ?? {})) {
    const v = (f[k] ?? 0) + n;
    if (v === 0) delete f[k];
    else f[k] = v;
  }
  let applied = [...s.applied, ...ch.causes];
  let resetAt = ch.set ? s.applied.length : s.resetAt;
  if (applied.length > APPLIED_WINDOW) {
    const cut = applied.length - APPLIED_WINDOW;
    applied = applied.slice(cut);
    resetAt = Math.max(0, resetAt - cut);
  }
  return { v: s.v + 1, f, applied, resetAt };
}

function compactChange(ch: ChangeDoc): Document {
  const out: Document = { _id: ch._id, teamId: ch.teamId, causes: ch.causes };
  if (ch.delta) out.delta = ch.delta;
  if (ch.set) out.set = ch.set;
  return out;
}
