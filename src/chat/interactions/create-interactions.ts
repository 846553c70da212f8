import { BatonError, isBatonError, isStoreFailure } from '../../core/errors.js';
import { localeFromTag, type Locale } from '../../core/roster/team.js';
import { identify } from '../../core/roster/index.js';
import { t } from '../i18n/i18n.js';
import { WORDS } from '../i18n/locales.js';
import { checkOneField, submitForm } from '../forms/index.js';
import { firstWord } from '../parsers/command-syntax.js';
import { runAction } from './actions.js';
import { commandNamed } from './commands.js';
import { explain } from './errors.js';
import { newcomerHelp } from './help.js';
import { homeMessage } from './home.js';
import type { Interactions } from './interactions.js';
import { arrivalOf, openSession, say, type InteractionDeps, type Session } from './session.js';
import type { ActionResult, Inbound, Reply } from './types.js';

/**
 * Runs a request again when the database was momentarily busy (SQLite under FerretDB answers
 * "database is locked" to a burst of writers). Safe because every use case is idempotent by the
 * request key: a second run finishes the same work instead of repeating it.
 */
async function retryTransient<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (err) {
      if (i >= attempts || !isStoreFailure(err, 'DB_BUSY')) throw err;
      await new Promise((r) => setTimeout(r, 25 * 2 ** i * (0.5 + Math.random())));
    }
  }
}

/** The speaker is in no team (as opposed to someone they named). */
function isUnknownSpeaker(err: unknown, inb: Inbound): boolean {
  return isBatonError(err) && err.code === 'UNKNOWN_PERSON' && err.params.address === inb.speaker.address;
}

function localeOf(inb: Inbound, fallback: Locale): Locale {
  return localeFromTag(inb.speaker.locale, fallback);
}

/**
 * The interaction layer every adapter calls. It identifies the speaker, runs one use case, and
 * answers in the speaker's language. Refusals (coded errors) become clear messages; a database
 * outage becomes "try again" (nothing was written); anything else is logged once with the request
 * key and the speaker gets a short apology, never a stack.
 */
export function createInteractions(deps: InteractionDeps): Interactions {
  const defaults = deps.core.defaults;

  async function session(inb: Inbound): Promise<Session> {
    const person = await identify(deps.core, arrivalOf(inb));
    const team = await deps.core.stores.teams.get(person.teamId);
    if (!team) throw new BatonError('UNKNOWN_TEAM', 'team missing', {});
    return openSession(deps, inb, person, team);
  }

  async function guard<T>(
    inb: Inbound,
    what: string,
    run: () => Promise<T>,
    onError: (text: string, refused: boolean) => T,
  ): Promise<T> {
    const fallbackLocale = localeOf(inb, defaults.locale);
    try {
      // One roster snapshot per attempt: the roster is checked once, not at every read.
      return await retryTransient(() => deps.core.stores.roster.snapshot(run));
    } catch (err) {
      if (isBatonError(err) && !isStoreFailure(err)) {
        if (isUnknownSpeaker(err, inb)) {
          const id = inb.speaker.address;
          return onError(
            t(fallbackLocale, inb.speaker.platform === 'telegram' ? 'join.unknown_tg' : 'join.unknown', {
              id,
            }),
            true,
          );
        }
        const person = await deps.core.stores.people.byAddress(inb.speaker.address).catch(() => null);
        const locale = person?.locale ?? fallbackLocale;
        const text = await explain(
          err,
          locale,
          async (id) => (await deps.core.stores.people.get(id))?.name ?? '?',
        );
        return onError(text, true);
      }
      if (isStoreFailure(err, 'DB_UNAVAILABLE')) {
        deps.log.warn({ key: inb.key, what }, 'database unavailable');
        inb.unfinished = true;
        return onError(t(fallbackLocale, 'common.try_again'), true);
      }
      deps.log.error({ err, key: inb.key, what }, 'interaction failed');
      return onError(t(fallbackLocale, 'common.sorry'), true);
    }
  }

  const asReply = (text: string): Reply => say([text]);

  return {
    command(inb, name, text) {
      return guard(
        inb,
        `command:${name}`,
        async () => {
          const spec = commandNamed(name);
          if (!spec) throw new Error(`no command ${name}`);
          const guest = { deps, inb, locale: localeOf(inb, defaults.locale) };
          if (!spec.run) return spec.before(guest, text);
          const first = await spec.before?.(guest, text);
          if (first) return first;
          // Help is for newcomers too: how to join comes first, then what the commands do.
          const asksHelp =
            spec.welcomesNewcomers || (WORDS.help.includes(firstWord(text)) && !text.trim().includes(' '));
          const s = await session(inb).catch((err: unknown) => {
            if (asksHelp && isUnknownSpeaker(err, inb)) return undefined;
            throw err;
          });
          if (!s) return newcomerHelp(guest.locale, inb.speaker);
          return spec.run(s, text);
        },
        asReply,
      );
    },
    action(inb, action) {
      return guard<ActionResult>(
        inb,
        `action:${action.id}`,
        async () => runAction(await session(inb), action),
        (text, refused) => ({
          toast: text.split('\n')[0]!.slice(0, 190),
          refused,
          reply: asReply(text),
        }),
      );
    },
    submit(inb, form, ref, values) {
      return guard(
        inb,
        `submit:${form}`,
        async () => submitForm(await session(inb), form, ref, values),
        (text) => ({ kind: 'done' as const, reply: asReply(text) }),
      );
    },
    checkField(inb, form, fieldId, value) {
      return guard(
        inb,
        `check:${form}`,
        async () => checkOneField(await session(inb), form, fieldId, value),
        (text) => text,
      );
    },
    home(inb) {
      return guard(
        inb,
        'home',
        async () => homeMessage(await session(inb)),
        (text) => ({ summary: text, blocks: [{ type: 'text', text: [{ t: 'text', v: text }] }] }),
      );
    },
  };
}
