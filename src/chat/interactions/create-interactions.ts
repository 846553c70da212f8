import { BatonError, isBatonError, isStoreFailure } from '../../core/errors.js';
import type { Person } from '../../core/roster/person.js';
import { localeFromTag, type Locale } from '../../core/roster/team.js';
import { identify, redeemInvite, setupTeam, type Arrival } from '../../core/roster/index.js';
import { t } from '../i18n/i18n.js';
import { WORDS } from '../i18n/locales.js';
import { checkOneField, submitForm } from '../forms/index.js';
import { createKit } from '../render/kit.js';
import { runAction } from './actions.js';
import { explain } from './errors.js';
import { helpFor, newcomerHelp } from './help.js';
import { homeMessage } from './home.js';
import { kpiCommand } from './kpi-command.js';
import { leadCommand } from './lead-command.js';
import { meetingCommand } from './meeting-command.js';
import { openSession, say, type InteractionDeps, type Session } from './session.js';
import { teamCommand } from './team-command.js';
import type { ActionResult, Inbound, Interactions, Reply } from './types.js';

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

/** What the platform tells us about the speaker. */
/** The first word of command text, lower case ("" for none). */
function firstWord(text: string): string {
  return (text.trim().split(/\s+/)[0] ?? '').toLowerCase();
}

function arrivalOf(inb: Inbound): Arrival {
  const sp = inb.speaker;
  return {
    address: sp.address,
    ...(sp.name ? { name: sp.name } : {}),
    ...(sp.username ? { username: sp.username } : {}),
    ...(sp.locale ? { locale: sp.locale } : {}),
    ...(sp.timezone ? { timezone: sp.timezone } : {}),
  };
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
          if (name === 'start') return start(inb, text);
          if (name === 'team' && WORDS.setup.includes(firstWord(text)))
            return setup(inb, text.trim().split(/\s+/).slice(1).join(' '));
          // Help is for newcomers too: how to join comes first, then what the commands do.
          const asksHelp = name === 'help' || (WORDS.help.includes(firstWord(text)) && !text.trim().includes(' '));
          const s = await session(inb).catch((err: unknown) => {
            if (asksHelp && isUnknownSpeaker(err, inb)) return undefined;
            throw err;
          });
          if (!s) return newcomerHelp(localeOf(inb, defaults.locale), inb.speaker);
          switch (name) {
            case 'lead':
              return leadCommand(s, text);
            case 'meeting':
              return meetingCommand(s, text);
            case 'team':
              return teamCommand(s, text);
            case 'kpi':
              return kpiCommand(s, text);
            case 'help':
              return helpFor(
                s,
                (['lead', 'meeting', 'team', 'kpi'].find((x) => text.trim().toLowerCase() === x) ??
                  'all') as 'all',
              );
          }
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

  /** `/start [invite code]` (Telegram): link the account, or say who we know them as. */
  async function start(inb: Inbound, code: string): Promise<Reply> {
    const c = code.trim();
    const locale = localeOf(inb, defaults.locale);
    let person: Person;
    if (c && /^[A-Za-z0-9]{8}$/.test(c)) {
      person = await redeemInvite(
        deps.core,
        { code: c, arrival: arrivalOf(inb) },
        { source: inb.speaker.platform, key: inb.key, now: deps.core.clock.now() },
      );
    } else {
      const known = await deps.core.stores.people.byAddress(inb.speaker.address);
      if (known) {
        const team = await deps.core.stores.teams.get(known.teamId);
        return say([t(known.locale, 'join.already', { name: known.name, team: team?.name ?? '' })]);
      }
      person = await identify(deps.core, arrivalOf(inb));
    }
    const team = await deps.core.stores.teams.get(person.teamId);
    const kit = createKit(deps.core.stores, {
      personId: person.id,
      locale: person.locale ?? locale,
      timezone: person.timezone,
      platform: inb.speaker.platform,
    });
    return say([kit.tr('join.linked', { name: person.name, team: team?.name ?? '' })]);
  }

  /** `/team setup <name>`: the first person in an empty deployment creates the team. */
  async function setup(inb: Inbound, name: string): Promise<Reply> {
    const { team, admin } = await setupTeam(
      deps.core,
      {
        teamName: name,
        founder: {
          address: inb.speaker.address,
          ...(inb.speaker.name ? { name: inb.speaker.name } : {}),
          ...(inb.speaker.username ? { username: inb.speaker.username } : {}),
          ...(inb.speaker.locale ? { locale: inb.speaker.locale } : {}),
          ...(inb.speaker.timezone ? { timezone: inb.speaker.timezone } : {}),
        },
      },
      { source: inb.speaker.platform, key: inb.key, now: deps.core.clock.now() },
    );
    // "Acme team" is not "the Acme team team" (in any language: the `teamNoun` tables).
    const named = team.name.trim().toLowerCase().split(/\s+/);
    const suffixed = WORDS.teamNoun.some((w) => named[0] === w || named.at(-1) === w) ? 'yes' : 'no';
    return say([t(admin.locale, 'join.setup_done', { team: team.name, name: admin.name, suffixed })]);
  }
}
