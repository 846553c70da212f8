import { BatonError } from '../../core/errors.js';
import type { Person } from '../../core/roster/person.js';
import { normalizeHandle } from '../../core/roster/person.js';
import { WORDS } from '../i18n/locales.js';
import type { Session } from './session.js';

/**
 * A person named in command text: `@{<address>}` (adapters turn platform mentions such as
 * Slack's `<@U123|anna>` into this), `@handle`, a Telegram `@username`, or `me`.
 */
export async function resolvePerson(s: Session, token: string): Promise<Person> {
  const t = token.trim();
  if (!t)
    throw new BatonError('VALIDATION_FAILED', 'who?', {}, [
      { field: 'name', code: 'required', message: 'is required' },
    ]);
  if ([...WORDS.me, ...WORDS.myself].includes(t.toLowerCase())) return s.person;
  const addr = /^@\{([^|}]+)(?:\|[^}]*)?\}$/.exec(t);
  const stores = s.deps.core.stores;
  const handle = normalizeHandle(t);
  const p: Person | null = addr?.[1]
    ? await stores.people.byAddress(addr[1])
    : ((await stores.people.byHandle(s.team.id, handle)) ?? (await stores.people.byTelegramUsername(handle)));
  if (!p || p.teamId !== s.team.id)
    throw new BatonError('UNKNOWN_PERSON', `unknown person ${t}`, { token: t });
  return p;
}

/** Pulls the first mention-like token out of a list of words. */
export function takeMention(words: string[]): { mention?: string; rest: string[] } {
  const i = words.findIndex((w) => w.startsWith('@') || WORDS.me.includes(w.toLowerCase()));
  if (i < 0) return { rest: words };
  return { mention: words[i], rest: [...words.slice(0, i), ...words.slice(i + 1)] };
}
