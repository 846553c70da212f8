import type { Collection } from 'mongodb';
import { isOpen, type Lead } from '../core/leads/lead.js';
import { isDuplicateKey } from './mongo-errors.js';

/**
 * One open lead, as its readers need it (`_id` = the lead id): the load per AE (`who`) and the
 * queue that pickup offers again (`queued`). Nothing else, so most changes of an open lead (a
 * claim by the AE it was offered to, notes, meetings, fields) leave it as it is and cost no write.
 */
export type OpenLeadDoc = {
  _id: string;
  teamId: string;
  /** Whose load it counts towards: the owner, or the AE it is offered to. */
  who?: string;
  /** Waiting in the queue for an AE. */
  queued?: true;
  /** Written by earlier versions (status, version, keys); read as `queued` when that is absent. */
  status?: Lead['status'];
};

/** The person an open lead weighs on (owner, or the current offer). */
export function loadOf(lead: Pick<Lead, 'ownerId' | 'offeredTo' | 'status'>): string | undefined {
  return lead.ownerId ?? (lead.status === 'offered' ? lead.offeredTo : undefined);
}

/** The entry a lead's state gives (null: none, the lead is closed). */
function entryOf(lead: Lead): OpenLeadDoc | null {
  if (!isOpen(lead.status)) return null;
  const who = loadOf(lead);
  return {
    _id: lead.id,
    teamId: lead.teamId,
    ...(who ? { who } : {}),
    ...(lead.status === 'queued' ? { queued: true as const } : {}),
  };
}

function sameEntry(a: OpenLeadDoc | null, b: OpenLeadDoc | null): boolean {
  if (!a || !b) return a === b;
  return a.teamId === b.teamId && a.who === b.who && a.queued === b.queued;
}

/** Whether a queue reader should take the entry for a queued lead (each is confirmed on the lead). */
export function isQueued(d: OpenLeadDoc): boolean {
  return d.queued ?? d.status === 'queued';
}

/**
 * The open leads of every team, one small document each, kept beside the lead documents. Routing
 * reads the load per AE from this instead of the leads: on FerretDB every query but an `_id`
 * lookup scans its collection, and this one holds the pipeline (hundreds), not the history (every
 * lead ever). Closed leads are deleted from it.
 *
 * Whoever writes a lead's cached document brings its entry in step first, after the lead's event
 * (the truth) was inserted; each writer then checks whether a newer event exists (a writer that
 * finished after us may have been overtaken by our stale write): if so it writes both again from
 * the newest state (MongoAggregateStore's `settle`, one probe for the document and this entry
 * together). So after the last change of a lead settles, its entry matches it. Because the entry
 * goes first, a lead document at version v means the entry of v was written (or was the same as
 * the one before, and that one was): a writer whose change leaves the entry as it was skips it.
 * A writer that dies before its document leaves the entry behind until the next read of that lead
 * rolls it forward (a recovered request does); the load it gives is a count, as exact as the last
 * settled write.
 */
export class OpenLeads {
  constructor(private readonly col: Collection<OpenLeadDoc>) {}

  /**
   * Makes the entry match `lead` (upsert when open, delete when closed). `before`: the state
   * before the change when its entry is known to be written (then nothing is written if the
   * change leaves the entry as it was), 'created' for a new lead, null when unknown.
   */
  async sync(lead: Lead, before: Lead | 'created' | null): Promise<void> {
    const doc = entryOf(lead);
    if (before && before !== 'created' && sameEntry(entryOf(before), doc)) return;
    if (!doc) {
      await this.col.deleteOne({ _id: lead.id });
      return;
    }
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        if (before === 'created' && attempt === 0) {
          await this.col.insertOne(doc); // a new lead: one write, not a miss and an insert
          return;
        }
        const r = await this.col.replaceOne({ _id: lead.id }, doc);
        if (r.matchedCount === 0) await this.col.insertOne(doc);
        return;
      } catch (err) {
        // Two first writers raced to insert: the other's is there now, replace it.
        if (!isDuplicateKey(err)) throw err;
      }
    }
  }

  /** The team's open leads (possibly a change behind; see the class comment). */
  async ofTeam(teamId: string): Promise<OpenLeadDoc[]> {
    return this.col.find({ teamId }).toArray();
  }
}
