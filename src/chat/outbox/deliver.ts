import { createHash } from 'node:crypto';
import type { Lead } from '../../core/leads/lead.js';
import type { LeadStore, PersonStore, TeamStore } from '../../core/ports.js';
import type { Platform } from '../../core/roster/person.js';
import type { Logger } from '../../logger.js';
import type { Message } from '../message.js';
import type { NoticeRenderer, PlatformSender, Reader, SentRef, Target } from '../ports.js';
import {
  leaseId,
  leaseInEntry,
  type CardRef,
  type Lease,
  type OutboxEntry,
  type OutboxStore,
  type ReaderRef,
  type Settle,
} from './outbox-port.js';
import { CARD_KINDS } from './priority.js';
import { isOwnerGone } from '../../process-owners.js';
import type { Locale } from '../../core/roster/team.js';
import { entryFiles, filesPending, sendFiles, settledFiles } from './send-files.js';

export type DeliverDeps = {
  store: OutboxStore;
  people: PersonStore;
  teams: TeamStore;
  /** Leads, to tell which of a lead's cards are still live (without it every card is). */
  leads?: Pick<LeadStore, 'get'>;
  renderer: NoticeRenderer;
  senders: Map<Platform, PlatformSender>;
  defaults: { timezone: string; locale: Locale };
  log: Logger;
  /** This process's lease owner id. */
  owner: string;
  /** A lease older than this may be taken over by another process. */
  leaseTimeoutMs: number;
  /** Wall clock (leases are about process liveness, not business time). */
  wallNow: () => number;
};

export type Claim =
  | { kind: 'owned'; entry: OutboxEntry; lease: Lease }
  | { kind: 'settled' }
  /** Another live process holds it; look again when its lease would have expired. */
  | { kind: 'busy'; retryAt: number };

/**
 * Takes an entry for sending: the lease `send:<entryId>:<attempt>` is inserted once, so exactly
 * one process holds each attempt; a lease older than the timeout may be taken over as attempt+1.
 */
export async function claimEntry(d: DeliverDeps, id: string): Promise<Claim> {
  const entry = await d.store.get(id);
  if (!entry || entry.status !== 'pending') return { kind: 'settled' };
  // Recorded with its first lease (in the same insert): every reader of the entry sees it, so
  // nobody leases attempt 1 again; probing starts after it.
  const first = leaseInEntry(entry);
  const latest = first
    ? await d.store.latestLease(id, Math.max(1, entry.attempt), first)
    : await d.store.latestLease(id, entry.attempt);
  const now = d.wallNow();
  if (latest && latest.owner === d.owner) return { kind: 'owned', entry, lease: latest };
  // A holder whose process is gone (a crash on this host, then a restart) is not waited for.
  // A live holder: look again soon (it is usually done within a second, and then the entry is
  // settled here too), at the latest when its lease runs out.
  if (latest && now - latest.at.getTime() < d.leaseTimeoutMs && !isOwnerGone(latest.owner))
    return {
      kind: 'busy',
      retryAt: Math.min(latest.at.getTime() + d.leaseTimeoutMs + 10, now + busyPollMs(d)),
    };
  const attempt = (latest?.attempt ?? 0) + 1;
  const lease: Lease = { _id: leaseId(id, attempt), entryId: id, attempt, owner: d.owner, at: new Date(now) };
  // Lost the insert: perhaps to this very process (it records and leases what it sends while a
  // sweep probes the same entry), so look again soon rather than after a whole lease.
  if (!(await d.store.insertLease(lease))) return { kind: 'busy', retryAt: now + busyPollMs(d) };
  // Only takeovers record the attempt as a hint for the next prober (saves a write per entry).
  if (attempt > 1) await d.store.mark(id, { attempt });
  // Re-read: the previous holder may have finished between our read and our insert.
  const fresh = await d.store.get(id);
  if (!fresh || fresh.status !== 'pending') return { kind: 'settled' };
  return { kind: 'owned', entry: fresh, lease };
}

/** How soon an entry someone else holds is looked at again. */
const busyPollMs = (d: DeliverDeps) => Math.min(1000, d.leaseTimeoutMs / 4);

/** Still ours: renews the lease, unless someone already took the entry over. */
export async function holdLease(d: DeliverDeps, lease: Lease): Promise<boolean> {
  // Taken or renewed moments ago: nobody can have found it stale yet.
  if (d.wallNow() - lease.at.getTime() < d.leaseTimeoutMs / 4) return true;
  if (await d.store.lease(lease.entryId, lease.attempt + 1)) return false;
  lease.at = new Date(d.wallNow());
  await d.store.renewLease(lease, lease.at);
  return true;
}

/**
 * The leads of entries delivered together (those one `notify` recorded): each read once, on first
 * use, for all of them; a failed read is not kept. `committed`: a lead as its writer just stored
 * it, taken as read.
 */
export function leadReads(leads: Pick<LeadStore, 'get'>, committed?: Lead): Pick<LeadStore, 'get'> {
  const reads = new Map<string, Promise<Lead | null>>();
  if (committed) reads.set(committed.id, Promise.resolve(structuredClone(committed)));
  return {
    get(id) {
      let read = reads.get(id);
      if (!read) {
        read = leads.get(id);
        reads.set(id, read);
        read.catch(() => reads.delete(id));
      }
      return read;
    },
  };
}

/** False for a person who was deactivated (an unknown id is not ours to judge). */
export async function isActive(d: DeliverDeps, personId: string): Promise<boolean> {
  const p = await d.people.get(personId);
  return !p || p.active;
}

/** The reader a message is rendered for: the person's language and zone, or the team's. */
export async function readerFor(d: DeliverDeps, ref: ReaderRef, platform: Platform): Promise<Reader> {
  if (ref.personId) {
    const p = await d.people.get(ref.personId);
    if (p) return { personId: p.id, locale: p.locale, timezone: p.timezone, platform };
  }
  if (ref.teamId) {
    const t = await d.teams.get(ref.teamId);
    if (t) return { locale: t.locale, timezone: t.timezone, platform };
  }
  return { locale: d.defaults.locale, timezone: d.defaults.timezone, platform };
}

export type SendResult = { kind: 'sent'; ref: SentRef; found: boolean; shown?: string } | { kind: 'skipped' };

/** A fingerprint of a rendered message: two renders that show the same thing have the same one. */
export function fingerprint(message: Message): string {
  return createHash('sha256').update(JSON.stringify(message)).digest('base64url').slice(0, 22);
}

/**
 * Renders and sends one owned entry, then its files. `maybeSent` (a takeover, or a retry after an
 * ambiguous error) first asks the platform whether the message is already there, when it can
 * tell. A message with files records them in the entry before it is sent, and its `ref` after,
 * so a later attempt sends only the files still missing (never the message or a file twice).
 * Errors propagate (RateLimitedError, PermanentSendError, transient ones) for the dispatcher.
 */
export async function sendEntry(
  d: DeliverDeps,
  entry: OutboxEntry & { target: Target },
  sender: PlatformSender,
  maybeSent: boolean,
  /** The reader as just resolved by this process (it was active then): no second read. */
  known?: Omit<Reader, 'platform'>,
  /** Where to read the notice's lead (shared by the entries delivered together). */
  leads?: Pick<LeadStore, 'get'>,
): Promise<SendResult> {
  // The message went out in an earlier attempt (its ref is recorded): only files are left.
  const result = entry.ref
    ? ({ kind: 'sent', ref: entry.ref, found: false } as const)
    : await sendMessage(d, entry, sender, maybeSent, known, leads);
  if (result.kind === 'sent') await sendFiles(d.store, entry, sender, result.ref, maybeSent);
  return result;
}

async function sendMessage(
  d: DeliverDeps,
  entry: OutboxEntry & { target: Target },
  sender: PlatformSender,
  maybeSent: boolean,
  known?: Omit<Reader, 'platform'>,
  leads?: Pick<LeadStore, 'get'>,
): Promise<SendResult> {
  if (maybeSent && sender.findSent) {
    const found = await sender.findSent(entry.target, entry._id);
    if (found) return { kind: 'sent', ref: found, found: true };
  }
  // Queued for someone deactivated since: they receive nothing any more.
  if (known) return render(d, entry, sender, { ...known, platform: sender.platform }, leads);
  if (entry.target.kind === 'dm' && entry.reader.personId && !(await isActive(d, entry.reader.personId)))
    return { kind: 'skipped' };
  return render(d, entry, sender, await readerFor(d, entry.reader, sender.platform), leads);
}

async function render(
  d: DeliverDeps,
  entry: OutboxEntry & { target: Target },
  sender: PlatformSender,
  reader: Reader,
  leads?: Pick<LeadStore, 'get'>,
): Promise<SendResult> {
  const rendered = await d.renderer.render(entry.notice, reader, leads ? { leads } : {});
  if (!rendered) return { kind: 'skipped' };
  const { files, ...message } = rendered;
  // Recorded once: a later attempt sends the very bytes this one would have.
  if (files?.length && !entry.files) {
    entry.files = entryFiles(files);
    await d.store.mark(entry._id, { files: entry.files });
  }
  const ref = await sender.send(entry.target, message, { dedupeId: entry._id });
  if (filesPending(entry)) {
    entry.ref = ref;
    await d.store.mark(entry._id, { ref });
  }
  return { kind: 'sent', ref, found: false, shown: fingerprint(message) };
}

/** What a delivered entry leaves to record (for lead cards also the ref `lead.changed` will edit). */
export function sentWrites(
  d: DeliverDeps,
  entry: OutboxEntry & { target: Target },
  ref: SentRef,
  shown?: string,
): Settle {
  const body = entry.notice.body;
  const at = new Date(d.wallNow());
  const cards: CardRef[] =
    CARD_KINDS.has(body.kind) && 'leadId' in body
      ? [
          {
            _id: entry._id,
            leadId: body.leadId,
            notice: entry.notice,
            target: entry.target,
            targetKey: entry.targetKey,
            reader: entry.reader,
            ref,
            at,
            ...(shown ? { shown } : {}),
          },
        ]
      : [];
  const files = settledFiles(entry);
  return {
    cards,
    cardMarks: [],
    marks: [{ id: entry._id, fields: { status: 'sent', ref, sentAt: at, ...(files && { files }) } }],
  };
}
