import type { Collection } from 'mongodb';
import { isOpen, type Lead } from '../core/leads/lead.js';
import { isDuplicateKey } from './mongo-errors.js';

/** One open lead, as routing and duplicate checks need it: `_id` = the lead id. */
export type OpenLeadDoc = {
  _id: string;
  teamId: string;
  version: number;
  status: Lead['status'];
  /** Whose load it counts towards: the owner, or the AE it is offered to. */
  who?: string;
  keys: Lead['keys'];
};

/** The person an open lead weighs on (owner, or the current offer). */
export function loadOf(lead: Pick<Lead, 'ownerId' | 'offeredTo' | 'status'>): string | undefined {
  return lead.ownerId ?? (lead.status === 'offered' ? lead.offeredTo : undefined);
}

/**
 * The open leads of every team, one small document each, kept beside the lead documents. Routing
 * reads the load per AE from this instead of the leads: on FerretDB every query but an `_id` lookup scans its collection, and this one holds the
 * pipeline (hundreds), not the history (every lead ever). Closed leads are deleted from it.
 *
 * It is written by whoever writes the lead's cached document, after the lead's event (the truth)
 * was inserted, and each writer then checks whether a newer event exists (a writer that finished
 * after us may have been overtaken by our stale write): if so it writes again from the newest
 * state (MongoAggregateStore's `settle`, one probe for the document and this entry together; a
 * creation needs none, see its `insert`). So after the last change of a lead settles, its entry
 * matches it. A writer that dies in
 * between leaves the entry behind until the next read of that lead rolls it forward (a recovered
 * request does); the load it gives is a count, as exact as the last settled write.
 */
export class OpenLeads {
  constructor(private readonly col: Collection<OpenLeadDoc>) {}

  /** Makes the entry match `lead` (upsert when open, delete when closed). */
  async sync(lead: Lead): Promise<void> {
    if (!isOpen(lead.status)) {
      await this.col.deleteOne({ _id: lead.id });
      return;
    }
    const who = loadOf(lead);
    const doc: OpenLeadDoc = {
      _id: lead.id,
      teamId: lead.teamId,
      version: lead.version,
      status: lead.status,
      keys: lead.keys,
      ...(who ? { who } : {}),
    };
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        if (lead.version === 0 && attempt === 0) {
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
