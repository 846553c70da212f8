import { BatonError, isBatonError } from '../errors.js';
import type { Notice } from '../notices.js';
import type { AggregateStore, DomainEvent, EventDraft, Timer } from '../ports.js';
import { webhookNotices } from '../webhooks/derive.js';
import type { CoreDeps } from './deps.js';

/** Side effects of a change: recorded inside its event so a re-run re-issues exactly these. */
export type Effects = { notices?: Notice[]; timers?: { timer: Timer; at: Date }[] };

export type Decision<T> = { next: T; event: EventDraft; effects?: Effects } | null;

type Versioned = { id: string; teamId: string; version: number };

const MAX_ATTEMPTS = 25;

/**
 * Applies one change to an aggregate, exactly once:
 * - `key` is the change's idempotency key: if the aggregate's state says a change was made under
 *   it (a Slack retry, a Telegram re-delivery, a recovered request, a crashed job re-run), nothing
 *   is decided again; its recorded effects are re-issued (they are idempotent too) and the current
 *   state returned. The check is made on every fresh read, so a twin that won the race is seen;
 * - otherwise `decide` runs on fresh state and the event is inserted at version + 1; when another
 *   change won that version, the state is re-read and `decide` runs again.
 * `decide` returns null when there is nothing to do, or throws a BatonError to refuse.
 */
export async function mutate<T extends Versioned>(
  deps: Pick<CoreDeps, 'notifier' | 'timers'>,
  store: AggregateStore<T>,
  id: string,
  key: string,
  decide: (current: T) => Decision<T> | Promise<Decision<T>>,
  notFound: () => BatonError,
): Promise<{ value: T; event?: DomainEvent; replayed: boolean }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // The first decision may be made on the state this process last knew (no read): a commit on
    // it fails with CONFLICT when it was behind, and a refusal or "nothing to do" is only
    // trusted on a state read afresh.
    const remembered = attempt === 0 ? store.remembered(id) : null;
    const current = remembered ?? (await store.get(id));
    if (!current) throw notFound();
    // Applied already: a retry, a re-delivery, a recovered request, or a twin that won the race.
    const prior = await store.eventByKey(id, key, current);
    if (prior) return replay(deps, store, id, prior, notFound);
    let decision: Decision<T>;
    try {
      decision = await decide(current);
    } catch (err) {
      // A twin request with the same key may have just won: then this is a replay, not a refusal.
      const twin = isBatonError(err) ? await store.eventByKey(id, key) : null;
      if (twin) return replay(deps, store, id, twin, notFound);
      if (remembered && isBatonError(err)) continue;
      throw err;
    }
    if (!decision && remembered) continue;
    if (!decision) return { value: current, replayed: false };
    const { draft, effects } = recordedChange(current, decision, key);
    try {
      const value = await store.commit(current, { ...decision.next, version: current.version + 1 }, draft);
      await runEffects(deps, effects, value);
      return { value, replayed: false, event: { ...draft, id: `${id}:${value.version}` } as DomainEvent };
    } catch (err) {
      if (!isBatonError(err, 'CONFLICT')) throw err;
      // Another change won this version (perhaps a twin: the next read tells): decide again.
      await new Promise((r) => setTimeout(r, Math.min(50, 2 ** attempt) * Math.random()));
    }
  }
  throw new BatonError('CONFLICT', `too many concurrent changes to ${id}; try again`, { id });
}

/**
 * The event a decision on `current` stores at `current.version + 1` under `key`, and its effects:
 * its webhook events are effects like its notices, recorded in the event so a re-run re-issues them.
 */
export function recordedChange<T extends Versioned>(
  current: T,
  decision: NonNullable<Decision<T>>,
  key: string,
): { draft: EventDraft; effects: Effects | undefined } {
  const hooks = webhookNotices(current, decision.next, decision.event, current.version + 1);
  const effects: Effects | undefined = hooks.length
    ? { ...decision.effects, notices: [...(decision.effects?.notices ?? []), ...hooks] }
    : decision.effects;
  const draft: EventDraft = {
    ...decision.event,
    key,
    data: { ...(decision.event.data ?? {}), effects: effects ?? {} },
  };
  return { draft, effects };
}

async function replay<T extends Versioned>(
  deps: Pick<CoreDeps, 'notifier' | 'timers'>,
  store: AggregateStore<T>,
  id: string,
  event: DomainEvent,
  notFound: () => BatonError,
): Promise<{ value: T; event: DomainEvent; replayed: true }> {
  await runEffects(deps, event.data?.effects ?? {});
  const value = await store.get(id);
  if (!value) throw notFound();
  return { value, event, replayed: true };
}

/** Issues notices and timers (both idempotent by their keys); `committed`: see `Notifier`. */
export async function runEffects(
  deps: Pick<CoreDeps, 'notifier' | 'timers'>,
  effects?: Effects,
  committed?: Versioned,
): Promise<void> {
  if (!effects) return;
  if (effects.notices?.length) await deps.notifier.notify(effects.notices, committed);
  if (effects.timers?.length)
    await deps.timers.scheduleAll(effects.timers.map((t) => ({ timer: t.timer, at: new Date(t.at) })));
}
