import type { OutboxStore, Settle } from './outbox-port.js';

type Waiter = { writes: Settle; done: () => void; fail: (err: unknown) => void };

/**
 * Group commit for finished sends: what each send leaves to record (its card, its sent mark, the
 * marks of the cards it edited) waits here until every delivery step running at that moment has
 * finished or is waiting here too, or `maxWaitMs` passed, and is then written together (one
 * insert of cards, one bulk update per collection). A lead's card and its offer, or a digest's
 * fan-out, cost one write each instead of one per message. The wait is short and each entry is
 * still marked only after its own send, so the guarantees stay those of one send at a time.
 * One write at a time: a lead's card document is rewritten whole by FerretDB on any update, so two
 * writes of this process never overlap on it (what finishes meanwhile goes in the next write).
 */
export class SettleBatch {
  private waiting: Waiter[] = [];
  private writing = 0;
  private timer: NodeJS.Timeout | undefined;
  /** A write is in flight; `again`: flush once it ends. */
  private busy = false;
  private again = false;

  constructor(
    private readonly store: Pick<OutboxStore, 'settle'>,
    /** Delivery steps running now (those waiting here included). */
    private readonly running: () => number,
    private readonly maxWaitMs: number,
  ) {}

  /** Resolves once `writes` are recorded (with whatever else finished meanwhile). */
  add(writes: Settle): Promise<void> {
    const written = new Promise<void>((done, fail) => this.waiting.push({ writes, done, fail }));
    this.timer ??= setTimeout(() => this.flush(), this.maxWaitMs);
    this.check();
    return written;
  }

  /** Writes now when no running step could still join (call it whenever a step ends). */
  check(): void {
    if (this.waiting.length && this.waiting.length + this.writing >= this.running()) this.flush();
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.busy) {
      this.again = true;
      return;
    }
    const batch = this.waiting;
    this.waiting = [];
    if (!batch.length) return;
    this.busy = true;
    this.writing += batch.length;
    const all: Settle = { cards: [], cardMarks: [], marks: [] };
    for (const { writes } of batch) {
      all.cards.push(...writes.cards);
      all.cardMarks.push(...writes.cardMarks);
      all.marks.push(...writes.marks);
    }
    void this.store
      .settle(all)
      .then(
        () => batch.forEach((w) => w.done()),
        (err: unknown) => batch.forEach((w) => w.fail(err)),
      )
      .finally(() => {
        this.writing -= batch.length;
        this.busy = false;
        if (this.again) {
          this.again = false;
          this.flush();
        }
      });
  }
}
