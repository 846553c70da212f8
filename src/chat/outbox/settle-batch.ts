import type { OutboxStore, Settle } from './outbox-port.js';

type Waiter = { writes: Settle; done: () => void; fail: (err: unknown) => void };

/**
 * Group commit for finished sends: what each send leaves to record (its card, its sent mark, the
 * marks of the cards it edited) waits here until every delivery step running at that moment has
 * finished or is waiting here too, or `maxWaitMs` passed, and is then written together (one
 * insert of cards, one bulk update per collection). A lead's card and its offer, or a digest's
 * fan-out, cost one write each instead of one per message. The wait is short and each entry is
 * still marked only after its own send, so the guarantees stay those of one send at a time.
 */
export class SettleBatch {
  private waiting: Waiter[] = [];
  private writing = 0;
  private timer: NodeJS.Timeout | undefined;

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
    const batch = this.waiting;
    this.waiting = [];
    if (!batch.length) return;
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
      });
  }
}
