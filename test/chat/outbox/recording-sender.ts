// A PlatformSender written for tests: records what it "sends", can be told to fail, and can
// answer findSent like Slack (message metadata) or not at all like Telegram.
import type { Notice } from '../../../src/core/notices.js';
import type { Platform } from '../../../src/core/roster/person.js';
import type { Message, MessageFile } from '../../../src/chat/message.js';
import type { NoticeRenderer, PlatformSender, Reader, SentRef, Target } from '../../../src/chat/ports.js';

export type Sent = {
  target: Target;
  message: Message;
  dedupeId: string;
  ref: SentRef;
  seq: number;
  at: number;
};

export const targetText = (t: Target) => (t.kind === 'dm' ? t.address : `${t.platform}#${t.id}`);

let globalSeq = 0;

export class RecordingSender implements PlatformSender {
  readonly sent: Sent[] = [];
  readonly updates: { ref: SentRef; message: Message; seq: number }[] = [];
  /** Errors to throw on the next sends to a target (by `targetText`), in order. */
  readonly failures = new Map<string, Error[]>();
  readonly calls: { target: string; dedupeId: string; ok: boolean; seq: number; at: number }[] = [];
  findSent?: (target: Target, dedupeId: string) => Promise<SentRef | null | undefined>;
  /** Files delivered, in order. */
  readonly files: { target: Target; file: MessageFile; dedupeId: string; after: SentRef; ref: SentRef }[] =
    [];
  /** Errors to throw on the next file sends to a target (by `targetText`), in order. */
  readonly fileFailures = new Map<string, Error[]>();
  findFile?: (target: Target, file: MessageFile, after: SentRef) => Promise<SentRef | null | undefined>;

  constructor(
    readonly platform: Platform = 'console',
    opts: { canFind?: boolean; delayMs?: number } = {},
  ) {
    this.delayMs = opts.delayMs ?? 0;
    if (opts.canFind) {
      this.findSent = (target, dedupeId) =>
        Promise.resolve(
          this.sent.find((s) => s.dedupeId === dedupeId && targetText(s.target) === targetText(target))
            ?.ref ?? null,
        );
      this.findFile = (target, file, after) =>
        Promise.resolve(
          this.files.find(
            (f) =>
              f.file.name === file.name &&
              f.after.id === after.id &&
              targetText(f.target) === targetText(target),
          )?.ref ?? null,
        );
    }
  }
  private readonly delayMs: number;

  failNext(target: string, ...errors: Error[]): void {
    this.failures.set(target, [...(this.failures.get(target) ?? []), ...errors]);
  }

  async send(target: Target, message: Message, opts: { dedupeId: string }): Promise<SentRef> {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    const key = targetText(target);
    const seq = ++globalSeq;
    const err = this.failures.get(key)?.shift();
    this.calls.push({ target: key, dedupeId: opts.dedupeId, ok: !err, seq, at: Date.now() });
    if (err) throw err;
    const ref: SentRef = { platform: this.platform, channel: key, id: `m${seq}` };
    this.sent.push({ target, message, dedupeId: opts.dedupeId, ref, seq, at: Date.now() });
    return ref;
  }

  /** Records the file; `delivered` errors still deliver it (an answer lost after the upload). */
  sendFile(target: Target, file: MessageFile, opts: { dedupeId: string; after: SentRef }): Promise<SentRef> {
    const key = targetText(target);
    const err = this.fileFailures.get(key)?.shift();
    if (err && !(err as { delivered?: boolean }).delivered) return Promise.reject(err);
    const ref: SentRef = { platform: this.platform, channel: key, id: `f${++globalSeq}` };
    this.files.push({ target, file, dedupeId: opts.dedupeId, after: opts.after, ref });
    return err ? Promise.reject(err) : Promise.resolve(ref);
  }

  update(ref: SentRef, message: Message): Promise<void> {
    this.updates.push({ ref, message, seq: ++globalSeq });
    return Promise.resolve();
  }

  /** Sent messages whose notice kind (the summary's first word) is `kind`. */
  of(kind: Notice['body']['kind']): Sent[] {
    return this.sent.filter((s) => s.message.summary.split(' ')[0] === kind);
  }
}

/** Renders a notice as `<kind> <body json>`, for the reader it is for. */
export const textRenderer: NoticeRenderer = {
  render(notice: Notice, reader: Reader) {
    return Promise.resolve({
      summary: `${notice.body.kind} ${JSON.stringify(notice.body)}`,
      blocks: [{ type: 'context', text: [{ t: 'text', v: `${reader.locale} ${reader.timezone}` }] }],
    });
  },
};
