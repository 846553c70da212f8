import type { PersonStore } from '../core/ports.js';
import { publicPerson } from '../core/roster/person.js';
import type { WebhookEvent } from '../core/webhooks/webhook.js';

/**
 * Adds `data.people` to each event: every person id the event names (actor, creator, offered to,
 * owner, AE, AM, booker …) with their handle, name and email, as they are when the event is
 * recorded (one read for all the events), so a receiver can match Baton's people to its own users
 * without calling back.
 */
export async function namePeople(
  people: Pick<PersonStore, 'getMany'>,
  events: WebhookEvent[],
): Promise<void> {
  const idsOf = new Map(events.map((e) => [e, personIds(e.data)]));
  const all = [...new Set([...idsOf.values()].flat())];
  if (!all.length) return;
  const byId = new Map((await people.getMany(all)).map((p) => [p.id, p]));
  for (const [event, ids] of idsOf) {
    const named = ids.flatMap((id) => {
      const p = byId.get(id);
      return p ? [[id, publicPerson(p)] as const] : [];
    });
    if (named.length) event.data = { ...event.data, people: Object.fromEntries(named) };
  }
}

/** A person's id as the roster makes them (`per_` and 16 hex digits). */
const PERSON_ID = /^per_[0-9a-f]{16}$/;

/** Every person id found in an event's data, each once, in the order met. */
function personIds(data: unknown, out = new Set<string>()): string[] {
  if (typeof data === 'string') {
    if (PERSON_ID.test(data)) out.add(data);
  } else if (Array.isArray(data)) {
    for (const v of data) personIds(v, out);
  } else if (data && typeof data === 'object' && !(data instanceof Date)) {
    for (const v of Object.values(data)) personIds(v, out);
  }
  return [...out];
}
