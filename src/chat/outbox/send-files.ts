import type { MessageFile } from '../message.js';
import type { PlatformSender, SentRef, Target } from '../ports.js';
import type { OutboxEntry, OutboxStore } from './outbox-port.js';

type EntryFile = NonNullable<OutboxEntry['files']>[number];

/** The message's files as the entry records them: bytes included, nothing delivered yet. */
export function entryFiles(files: readonly MessageFile[]): EntryFile[] {
  return files.map((f) => ({ name: f.name, title: f.title, mime: f.mime, bytes: f.bytes }));
}

/** Bytes as the database hands them back (a BSON Binary) or as they were recorded. */
function bytesOf(b: unknown): Uint8Array {
  if (b instanceof Uint8Array) return b;
  const buffer = (b as { buffer?: unknown } | undefined)?.buffer;
  if (buffer instanceof Uint8Array) return buffer;
  throw new Error('outbox entry file has no bytes');
}

/** Whether some recorded file still waits to be delivered. */
export const filesPending = (entry: Pick<OutboxEntry, 'files'>): boolean =>
  Boolean(entry.files?.some((f) => !f.ref));

/**
 * Delivers the entry's recorded files that have no `ref` yet, in order, after the message
 * `after`, recording each `ref` as it lands, so a retry or a takeover sends only what is missing.
 * `maybeSent` (an ambiguous error or a takeover) first asks the platform whether a file is there.
 */
export async function sendFiles(
  store: Pick<OutboxStore, 'mark'>,
  entry: OutboxEntry & { target: Target },
  sender: PlatformSender,
  after: SentRef,
  maybeSent: boolean,
): Promise<void> {
  const files = entry.files;
  if (!files) return;
  for (const [i, f] of files.entries()) {
    if (f.ref) continue;
    const file: MessageFile = { name: f.name, title: f.title, mime: f.mime, bytes: bytesOf(f.bytes) };
    const found = maybeSent && sender.findFile ? await sender.findFile(entry.target, file, after) : null;
    f.ref =
      found ?? (await sender.sendFile(entry.target, file, { dedupeId: `${entry._id}#${i + 1}`, after }));
    await store.mark(entry._id, { files });
  }
}

/** The entry's files without their bytes (what a settled entry keeps). */
export const settledFiles = (entry: Pick<OutboxEntry, 'files'>) =>
  entry.files?.map(({ bytes: _bytes, ...f }) => f);
