import type { RotationStore, RotationTurn } from '../core/ports.js';
import type { Models } from './models.js';
import { SequenceLedger, type SequenceDoc, type Taken } from './sequence-ledger.js';

/**
 * The sequence ledger on these models' sequence collections: one per models, so the lead numbers
 * and the rotations of a team share what was read of their heads.
 */
export function sequenceLedger<D extends SequenceDoc>(m: Models): SequenceLedger<D> {
  let ledger = ledgers.get(m);
  if (!ledger) {
    ledger = new SequenceLedger<SequenceDoc>(
      m.Sequence.collection as never,
      m.SequenceHead.collection as never,
    );
    ledgers.set(m, ledger);
  }
  return ledger as unknown as SequenceLedger<D>;
}
const ledgers = new WeakMap<Models, SequenceLedger<SequenceDoc>>();

/** A rotation turn as its slot in the sequences collection (`<pool>:<seq>`, key the turn's key). */
export type TurnDoc = SequenceDoc & Omit<RotationTurn, 'pool' | 'seq' | 'key'>;

export function turnDoc(turn: RotationTurn): TurnDoc {
  return { _id: `${turn.pool}:${turn.seq}`, ...turn };
}

export function toTurn(d: TurnDoc | null): RotationTurn | null {
  if (!d) return null;
  const { _id: _ignored, ...rest } = d;
  return rest;
}

/** What a turn's insert did, as the rotation store says it. */
export function turnTaken(r: Taken<TurnDoc>): Taken<RotationTurn> {
  return typeof r === 'string' ? r : { existing: toTurn(r.existing)! };
}

export class MongoRotationStore implements RotationStore {
  private readonly seq: SequenceLedger<TurnDoc>;
  constructor(m: Models) {
    this.seq = sequenceLedger(m);
  }
  async latest(pool: string, opts: { seen?: boolean } = {}): Promise<RotationTurn | null> {
    return toTurn(await this.seq.latest(pool, opts));
  }
  async insert(turn: RotationTurn): Promise<Taken<RotationTurn>> {
    return turnTaken(await this.seq.insert(turnDoc(turn)));
  }
  async byKey(key: string): Promise<RotationTurn | null> {
    return toTurn(await this.seq.byKey(key));
  }
}
