import type { Notice } from '../../core/notices.js';
import type { Platform } from '../../core/roster/person.js';
import type { MessageFile } from '../message.js';
import type { SentRef, Target } from '../ports.js';

/** Where an entry goes: a concrete platform target, or every card already sent for a lead. */
export type EntryTarget = Target | { kind: 'cards'; leadId: string };

export type EntryStatus = 'pending' | 'sent' | 'failed' | 'skipped';

/** Whose language and zone an entry is rendered in (resolved again at send time). */
export type ReaderRef = { personId?: string; teamId?: string };

/** One message to deliver once: `_id` = `<notice.key>|<targetKey>`, inserted before any send. */
export type OutboxEntry = {
  _id: string;
  notice: Notice;
  target: EntryTarget;
  targetKey: string;
  /** Null for card updates (they fan out to the platforms of the cards already sent). */
  platform: Platform | null;
  reader: ReaderRef;
  /** Higher goes first. */
  priority: number;
  status: EntryStatus;
  /** Latest lease attempt known to have been taken (a hint; the lease ids are the truth). */
  attempt: number;
  /**
   * The first attempt's lease, when the process that recorded the entry took it in the same
   * insert (it delivers what it records): that attempt is then never leased in the leases
   * collection, and the next one is leased there as attempt 2.
   */
  lease?: { owner: string; at: Date };
  createdAt: Date;
  sentAt?: Date;
  ref?: SentRef;
  error?: string;
  /**
   * Files that go after the message, recorded (with their bytes) before the message is sent, each
   * with its `ref` once delivered; the bytes are dropped when the entry is settled.
   */
  files?: { name: string; title: string; mime: MessageFile['mime']; bytes?: Uint8Array; ref?: SentRef }[];
};

/** A sent lead card (card, offer, reminder): what `lead.changed` re-renders and edits. */
export type CardRef = {
  _id: string;
  leadId: string;
  notice: Notice;
  target: Target;
  targetKey: string;
  reader: ReaderRef;
  ref: SentRef;
  at: Date;
  /** Fingerprint of what the message shows now: an edit that would change nothing is skipped. */
  shown?: string;
  /** The message got its last edit (an offer that ended): it is never edited again. */
  final?: boolean;
};

/**
 * A claim on sending one entry: `_id` = `send:<entryId>:<attempt>`, inserted once, or the first
 * attempt kept in the entry itself (`inEntry`, see {@link OutboxEntry.lease}).
 */
export type Lease = {
  _id: string;
  entryId: string;
  attempt: number;
  owner: string;
  at: Date;
  inEntry?: boolean;
};

export const leaseId = (entryId: string, attempt: number) => `send:${entryId}:${attempt}`;

/** The first attempt's lease an entry was recorded with, if any. */
export function leaseInEntry(entry: Pick<OutboxEntry, '_id' | 'lease'>): Lease | null {
  if (!entry.lease) return null;
  const { owner, at } = entry.lease;
  return { _id: leaseId(entry._id, 1), entryId: entry._id, attempt: 1, owner, at, inEntry: true };
}

/** What finished sends leave to record: card records first, then marks on cards and entries. */
export type Settle = {
  cards: CardRef[];
  cardMarks: { id: string; leadId: string; fields: Pick<CardRef, 'shown'> & { final?: boolean } }[];
  marks: { id: string; fields: Partial<OutboxEntry> }[];
};

/**
 * The outbox's records: entries, their send leases and the cards sent (one record per lead, read
 * by its `_id`, written with the sent marks). Every race is decided by an insert under a natural
 * `_id` (entries, leases); other writes are made only by the lease holder, so a non-atomic update
 * is never a race decider.
 */
export interface OutboxStore {
  /** Builds the lookup indexes, and moves cards an older version recorded to where they are now read. */
  init(): Promise<void>;
  /** Inserts the entries that are not recorded yet; returns the ids this call inserted. */
  insertMany(entries: OutboxEntry[]): Promise<Set<string>>;
  /** The entry, or null. */
  get(id: string): Promise<OutboxEntry | null>;
  /** Pending entries, highest priority first (sweeps pick up what a dead process left). */
  pending(limit: number): Promise<Pick<OutboxEntry, '_id' | 'priority' | 'targetKey' | 'createdAt'>[]>;
  /** Sets fields on an entry (only the lease holder calls this). */
  mark(id: string, fields: Partial<OutboxEntry>): Promise<void>;
  /** Inserts a lease; false when that attempt was taken already. */
  insertLease(lease: Lease): Promise<boolean>;
  /** The lease of one attempt, or null. */
  lease(entryId: string, attempt: number): Promise<Lease | null>;
  /**
   * The entry's latest lease, probing forward from the entry's hint (only `_id` lookups); `atHint`
   * is the lease of attempt `hint` when the caller has it already (one kept in the entry).
   */
  latestLease(entryId: string, hint: number, atHint?: Lease | null): Promise<Lease | null>;
  /** Renews the holder's own lease (in the entry or not) so no one takes the entry over meanwhile. */
  renewLease(lease: Lease, at: Date): Promise<void>;
  /** Records a sent card (again: the same card, recorded the same). */
  addCard(card: CardRef): Promise<void>;
  /**
   * Records what several finished sends leave, in one ordered write: the cards (by lead; a card
   * recorded again is recorded the same), then the card marks, then the entry marks (only the
   * holders of those cards' and entries' leases call this). A sent entry always has its card.
   */
  settle(writes: Settle): Promise<void>;
  /** Deletes settled entries (and their leases) created before `before`; pending ones and cards stay. */
  purge(before: Date): Promise<number>;
  /** The cards sent for a lead (one read by `_id`). */
  cardsOf(leadId: string): Promise<CardRef[]>;
}
