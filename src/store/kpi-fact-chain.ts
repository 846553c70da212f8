import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import { insertOnce, lostToDuplicates } from './insert-once.js';
import { isDuplicateKey } from './mongo-errors.js';

/** The state of one facts document: sums, and the causes already added (newest last). */
export type State = { v: number; f: Record<string, number>; applied: string[]; resetAt: number };

/** A change of one facts document: a delta or a rebuild's new sums, and the causes it adds. */
export type Change = { delta?: Record<string, number>; set?: Record<string, number>; causes: string[] };

/** Decides a document's next change from its current state (null: nothing to add). */
export type Decide = (s: State) => Change | null;

type FactDoc = {
  _id: string;
  teamId: string;
  v: number;
  f: Record<string, number>;
  applied: string[];
  resetAt?: number;
};

/** A change of one facts document, inserted once at `facts:<docId>#<v>` (among the events). */
export type ChangeDoc = { _id: string; teamId: string } & Change;

/** Changes planned on the states this process knows, for the caller to insert (see `plan`). */
export type Plan = { changes: ChangeDoc[]; next: Map<string, State> };

/** Where the change making version `v` of facts document `id` is kept. */
const changeId = (id: string, v: number) => `facts:${id}#${v}`;

/** How many recent causes a document remembers (a cause re-added later than this counts twice). */
export const APPLIED_WINDOW = 500;
const MAX_ATTEMPTS = 50;
/** How many documents' states a process keeps (the busy ones: `now`, today's). */
const REMEMBERED = 1000;
const EMPTY: State = { v: 0, f: {}, applied: [], resetAt: 0 };

/**
 * The facts documents as chains of changes: a document's next change is inserted once at
 * `facts:<docId>#<v+1>` (the unique `_id` decides the race) and the document itself is a cache of
 * the state after its latest change. The changes and the caches are kept among the events, so that
 * an aggregate's change can insert its event and its facts' changes in one ordered command, and
 * write the caches and probe for its own next event in another (`plan`, `settle`).
 *
 * The write path costs two commands however many documents a batch changes: one unordered insert
 * of every document's next change, one unordered replace of their caches. The states it builds on
 * are the ones this process last committed or read (an unknown document is taken as empty), and
 * that is only a guess: a change inserted by someone else since makes the insert of the same
 * `_id` collide, and that document alone is read again (its cache, rolled forward over the newer
 * changes) and decided again. A successful insert at `v+1` proves `v` was the newest state.
 */
export class FactChains {
  private readonly known = new Map<string, State>();

  constructor(
    private readonly docs: Collection<Document>,
    private readonly changes: Collection<Document>,
  ) {}

  /**
   * Each document's change as `decide` makes it of the state this process knows (no read), for
   * the caller to insert in a command of its own; `settle` finishes them.
   */
  plan(teamId: string, decisions: Map<string, Decide>): Plan {
    const plan: Plan = { changes: [], next: new Map() };
    for (const [id, decide] of decisions) {
      const state = this.known.get(id) ?? EMPTY;
      const change = decide(state);
      if (!change) continue;
      const next = applyChange(state, change);
      plan.next.set(id, next);
      plan.changes.push(changeDoc(changeId(id, next.v), teamId, change));
    }
    return plan;
  }

  /**
   * After the caller's insert of a plan's changes: the caches of those that went in (`inserted`,
   * their ids) written, the others decided again on their documents read afresh (a change that
   * did go in but is not listed is found there, its causes counted once). `probe`: a document
   * `_id` looked up in the caches' command; whether it exists (null: not looked up).
   */
  async settle(
    teamId: string,
    decisions: Map<string, Decide>,
    plan: Plan,
    inserted: Set<string>,
    probe?: string,
  ): Promise<boolean | null> {
    const caches: [string, State][] = [];
    const again = new Map<string, Decide>();
    for (const [id, next] of plan.next) {
      if (inserted.has(changeId(id, next.v))) {
        this.remember(id, next);
        caches.push([id, next]);
      } else {
        this.known.delete(id);
        again.set(id, decisions.get(id)!);
      }
    }
    const found = await this.writeCaches(teamId, caches, probe);
    if (again.size) await this.commit(teamId, again, new Set(again.keys()));
    return found;
  }

  /** Commits each document's change as `decide` makes it of its newest state; retries lost races. */
  async commit(teamId: string, decisions: Map<string, Decide>, stale = new Set<string>()): Promise<void> {
    let todo = [...decisions.keys()];
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const states = await Promise.all(
        todo.map((id) =>
          stale.has(id)
            ? this.load(id)
            : Promise.resolve({ state: this.known.get(id) ?? EMPTY, behind: false }),
        ),
      );
      const planned: { id: string; next: State; change: Change }[] = [];
      const caches: [string, State][] = [];
      todo.forEach((id, i) => {
        const { state, behind } = states[i]!;
        const change = decisions.get(id)!(state);
        if (change) planned.push({ id, change, next: applyChange(state, change) });
        else if (behind) caches.push([id, state]);
      });
      const inserted = await insertOnce(
        this.changes as unknown as Collection<ChangeDoc>,
        planned.map((p) => changeDoc(changeId(p.id, p.next.v), teamId, p.change)),
      );
      todo = [];
      for (const p of planned) {
        if (inserted.has(changeId(p.id, p.next.v))) {
          this.remember(p.id, p.next);
          caches.push([p.id, p.next]);
        } else {
          this.known.delete(p.id);
          stale.add(p.id);
          todo.push(p.id);
        }
      }
      await this.writeCaches(teamId, caches);
      if (!todo.length) return;
    }
    throw new Error(`KPI facts ${todo.join(', ')}: too many concurrent changes`);
  }

  /** Takes stored documents as the states to try first (a rebuild read them anyway). */
  guess(docs: Document[]): void {
    for (const doc of docs)
      if (!this.known.has(String(doc._id))) this.remember(String(doc._id), stateOf(doc));
  }

  /** The document's state, rolled forward over changes newer than its cache. */
  private async load(id: string): Promise<{ state: State; behind: boolean }> {
    const doc = await this.docs.findOne({ _id: id } as Document);
    let s = doc ? stateOf(doc) : EMPTY;
    const cached = s.v;
    for (;;) {
      const ch = (await this.changes.findOne({ _id: changeId(id, s.v + 1) } as Document)) as ChangeDoc | null;
      if (!ch) break;
      s = applyChange(s, {
        causes: ch.causes ?? [],
        ...(ch.delta ? { delta: ch.delta } : {}),
        ...(ch.set ? { set: ch.set } : {}),
      });
    }
    this.remember(id, s);
    return { state: s, behind: s.v !== cached };
  }

  /**
   * Replaces the cached documents in one command. A slower writer of an older state may land
   * after a newer one and leave a cache behind; the next change of that document, from any
   * process, writes its whole state again. `probe` (a document of the same collection, written
   * by nobody here) is looked up in the same command, last, by an update that matches it and
   * changes nothing (`$setOnInsert`, no upsert): whether it exists, null when not looked up.
   */
  private async writeCaches(teamId: string, caches: [string, State][], probe?: string): Promise<boolean | null> {
    if (!caches.length) return null;
    const ops = caches.map(([id, s]): AnyBulkWriteOperation<Document> => ({
      replaceOne: { filter: byId(id), replacement: cacheDoc(teamId, s), upsert: true },
    }));
    if (probe) ops.push({ updateOne: { filter: byId(probe), update: { $setOnInsert: { probe: true } } } });
    try {
      const r = await this.docs.bulkWrite(ops, { ordered: false });
      // Each cache is matched or upserted; what is matched beyond them is the probe.
      return probe ? r.matchedCount + r.upsertedCount > caches.length : null;
    } catch (err) {
      // Two writers created the same document at once. FerretDB stops the batch there and says
      // index 0 whichever it was, so every document is written again, the older state yielding.
      if (!lostToDuplicates(err, ops.length)) throw err;
      await Promise.all(caches.map(([id, s]) => this.writeCache(teamId, id, s)));
      return null;
    }
  }

  private async writeCache(teamId: string, id: string, s: State): Promise<void> {
    const cached = await this.docs.findOne({ _id: id } as Document, { projection: { v: 1 } });
    if (cached && typeof cached.v === 'number' && cached.v >= s.v) return;
    await this.docs
      .replaceOne({ _id: id } as Document, cacheDoc(teamId, s), { upsert: true })
      .catch((err: unknown) => {
        if (!isDuplicateKey(err)) throw err;
      });
  }

  private remember(id: string, s: State): void {
    const had = this.known.get(id);
    if (had && had.v > s.v) return;
    this.known.delete(id);
    this.known.set(id, s);
    if (this.known.size > REMEMBERED) this.known.delete(this.known.keys().next().value!);
  }
}

/** The state after a change (a rebuild's `set` restarts the causes counted since the reset). */
export function applyChange(s: State, ch: Change): State {
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

function byId(id: string): Document {
  return { _id: id };
}

function stateOf(doc: Document): State {
  const d = doc as FactDoc;
  return { v: d.v ?? 0, f: d.f ?? {}, applied: d.applied ?? [], resetAt: d.resetAt ?? 0 };
}

function cacheDoc(teamId: string, s: State): Document {
  return { teamId, v: s.v, f: s.f, applied: s.applied, resetAt: s.resetAt };
}

function changeDoc(id: string, teamId: string, ch: Change): ChangeDoc {
  const out: ChangeDoc = { _id: id, teamId, causes: ch.causes };
  if (ch.delta) out.delta = ch.delta;
  if (ch.set) out.set = ch.set;
  return out;
}
