import { DateTime } from 'luxon';
import { isBatonError, validationError } from '../../core/errors.js';
import { outOfOfficeAt, type Person } from '../../core/roster/person.js';
import { formatDate, t, type MessageKey } from '../i18n/i18n.js';
import { languageName } from '../i18n/language-names.js';
import { WORDS } from '../i18n/locales.js';
import {
  createInvite,
  deactivateMember,
  setTeamChannel,
  updateMember,
  updateTeamSettings,
} from '../../core/roster/index.js';
import { localeWord } from '../parsers/command-syntax.js';
import { parseHours } from '../parsers/hours-syntax.js';
import { parseDate } from '../parsers/when-syntax.js';
import type { CommandSpec } from './command-spec.js';
import { addMemberFromText } from './team-add.js';
import { apiKeyCommand } from './team-api-keys.js';
import { settingsFromText, settingsMessage } from './team-settings.js';
import { setupFromText } from './team-setup.js';
import { helpFor } from './help.js';
import { webhookCommand } from './team-webhook.js';
import { resolvePerson, takeMention } from './mentions.js';
import { say, show, type Session } from './session.js';
import type { Reply } from './types.js';

/** `/team`: the roster, members' and the team's settings, invites, the lead channel; `/team setup`. */
export const teamCommand = {
  name: 'team',
  menu: 'command.team.menu',
  slash: { description: 'command.team.slash', usage: 'command.team.usage' },
  before: setupFromText,
  run: runTeam,
} satisfies CommandSpec<'team'>;

/**
 * "3.12-10.12", "1.1-1.1" (one day), "until 10.12", "2026-12-03 2026-12-10", "today-friday" → a
 * period in `zone`: the away person's, since those are the days they are away.
 */
export function parsePeriod(
  s: Session,
  words: string[],
  zone = s.person.timezone,
): { from: Date; until: Date; note?: string } | null {
  const now = s.ctx.now;
  const txt = words.join(' ').trim();
  const first = /^(\S+)\s+(\S+)(.*)$/.exec(txt);
  const untilMatch = first && WORDS.until.includes(first[1]!.toLowerCase()) ? first.slice(1) : null;
  const range = untilMatch ? null : /^(\S+?)\s*(?:-|–|—|\s)\s*(\S+)(.*)$/.exec(txt);
  if (!untilMatch && !range) return null;
  let from = range ? parseDate(range[1]!, zone, now) : DateTime.fromJSDate(now, { zone });
  const untilDay = parseDate((untilMatch ?? range)![untilMatch ? 1 : 2]!, zone, now);
  const note = ((untilMatch ?? range)![untilMatch ? 2 : 3] ?? '').trim();
  if (!from || !untilDay) return null;
  // A first day without a year that has passed reads as next year's; in a range ending in the
  // coming days it is this year's (an absence that began on Monday, told on Friday).
  const yearGiven = /\d{4}|[./]\d{1,2}[./]\d{2}/.test(range?.[1] ?? '');
  if (range && !yearGiven && from > untilDay && from.minus({ years: 1 }) <= untilDay)
    from = from.minus({ years: 1 });
  return {
    from: from.startOf('day').toJSDate(),
    until: untilDay.endOf('day').toJSDate(),
    ...(note ? { note } : {}),
  };
}

/** The last day of an absence as the away person said it (their zone), in the reader's words. */
export function awayUntil(s: Pick<Session, 'locale'>, person: Pick<Person, 'timezone'>, until: Date): string {
  return formatDate(new Date(until), s.locale, person.timezone);
}

/** "away until 3 Dec 2026" now, or "away 1–3 Dec 2026" when the absence is still ahead. */
function awayText(s: Session, p: Person): string | undefined {
  const now = s.ctx.now.getTime();
  const current = outOfOfficeAt(p, s.ctx.now);
  if (current) return s.kit.tr('team.ooo_until', { until: awayUntil(s, p, current.until) });
  const next = p.outOfOffice
    .filter((o) => new Date(o.from).getTime() > now)
    .sort((a, b) => new Date(a.from).getTime() - new Date(b.from).getTime())[0];
  if (!next) return undefined;
  return s.kit.tr('team.ooo_planned', {
    from: awayUntil(s, p, next.from),
    until: awayUntil(s, p, next.until),
  });
}

async function teamList(s: Session): Promise<Reply> {
  const people = await s.deps.core.stores.people.listTeam(s.team.id);
  const lines = [s.kit.tr('team.list_title', { team: s.team.name, n: people.length })];
  for (const p of people) {
    const roles = p.roles.map((r) => s.kit.tr(`role.${r}`)).join(', ');
    const extras: string[] = [];
    if (!p.active) extras.push(s.kit.tr('team.inactive'));
    if (p.weight !== 1) extras.push(s.kit.tr('team.weight', { w: p.weight }));
    if (p.cap !== null) extras.push(s.kit.tr('team.cap', { n: p.cap }));
    const away = awayText(s, p);
    if (away) extras.push(away);
    if (!p.addresses.length)
      extras.push(
        s.kit.tr(p.telegramUsername ? 'team.waiting_tg' : 'team.not_linked', {
          username: p.telegramUsername ?? '',
        }),
      );
    lines.push(`• ${p.name} (@${p.handle}) — ${roles}${extras.length ? ` · ${extras.join(' · ')}` : ''}`);
  }
  return say(lines);
}

/** What names the successor in `/team deactivate @gus --to @fiona`: an arrow or a `successor` word. */
const SUCCESSOR_MARKS = new Set(['->', '→', ...WORDS.successor]);

/** `/team deactivate @gus [--to @fiona]`: deactivates and says where each lead and account went. */
async function deactivate(s: Session, words: string[]): Promise<Reply> {
  const at = words.findIndex((w) => SUCCESSOR_MARKS.has(w.toLowerCase()));
  const { mention } = takeMention(at < 0 ? words : words.slice(0, at));
  const heirMention = at < 0 ? undefined : takeMention(words.slice(at + 1)).mention;
  if (at >= 0 && !heirMention)
    throw validationError([{ field: 'to', code: 'required', message: 'name who takes the work over' }]);
  const who = await resolvePerson(s, mention ?? 'me');
  const heir = heirMention ? await resolvePerson(s, heirMention) : undefined;
  const { person, handover } = await deactivateMember(
    s.deps.core,
    { personId: who.id, ...(heir ? { toPersonId: heir.id } : {}) },
    s.ctx,
  );
  const lines = [s.kit.tr('team.updated_inactive', { name: person.name })];
  const name = async (id: string) => `@${(await s.deps.core.stores.people.get(id))?.handle ?? '?'}`;
  for (const l of handover.leads)
    lines.push(
      l.toId
        ? s.kit.tr(l.offered ? 'team.moved_lead_offered' : 'team.moved_lead', {
            what: l.label,
            to: await name(l.toId),
          })
        : s.kit.tr('team.moved_lead_queue', { what: l.label }),
    );
  for (const a of handover.accounts)
    lines.push(
      a.toId
        ? s.kit.tr('team.moved_account', { what: a.label, to: await name(a.toId) })
        : s.kit.tr('team.moved_account_managers', { what: a.label }),
    );
  if (!handover.leads.length && !handover.accounts.length) lines.push(s.kit.tr('team.moved_nothing'));
  return say(lines);
}

/** `/team …`: the roster, members' settings, the team's settings, invites and the lead channel. */
async function runTeam(s: Session, raw: string): Promise<Reply> {
  const words = raw.trim().split(/\s+/).filter(Boolean);
  const [verb = 'list', ...rest] = words;
  const v = verb.toLowerCase();
  const core = s.deps.core;
  const member = async () => {
    const { mention, rest: r } = takeMention(rest);
    return { who: await resolvePerson(s, mention ?? 'me'), rest: r };
  };
  const done = (key: MessageKey, params: Record<string, string | number> = {}) => say([s.kit.tr(key, params)]);
  switch (Object.hasOwn(WORDS.teamVerbs, v) ? WORDS.teamVerbs[v] : undefined) {
    case 'list':
      return teamList(s);
    case 'help':
      return helpFor(s, 'team');
    case 'add':
      return addMemberFromText(s, rest);
    case 'roles': {
      const { who, rest: r } = await member();
      const p = await updateMember(
        core,
        {
          personId: who.id,
          patch: {
            roles: r
              .join(',')
              .split(/[\s,]+/)
              .filter(Boolean),
          },
        },
        s.ctx,
      );
      return done('team.updated_roles', {
        self: p.id === s.person.id ? 'yes' : 'no',
        name: p.name,
        roles: p.roles.map((x) => s.kit.tr(`role.${x}`)).join(', '),
      });
    }
    case 'weight': {
      const { who, rest: r } = await member();
      const p = await updateMember(
        core,
        { personId: who.id, patch: { weight: Number((r[0] ?? '').replace(',', '.')) } },
        s.ctx,
      );
      return done('team.updated_weight', { name: p.name, w: p.weight });
    }
    case 'cap': {
      const { who, rest: r } = await member();
      const raw = (r[0] ?? '').toLowerCase();
      const cap = raw === '-' || WORDS.noLimit.includes(raw) ? null : Number(raw);
      const p = await updateMember(core, { personId: who.id, patch: { cap } }, s.ctx);
      return done(p.cap === null ? 'team.updated_cap_none' : 'team.updated_cap', {
        name: p.name,
        n: p.cap ?? 0,
      });
    }
    case 'hours': {
      const { who, rest: r } = await member();
      const hours = parseHours(r);
      if (!hours)
        throw validationError([{ field: 'workingHours', code: 'invalid_hours', message: 'invalid' }]);
      const p = await updateMember(core, { personId: who.id, patch: { workingHours: hours } }, s.ctx);
      return done('team.updated_hours', {
        name: p.name,
        start: p.workingHours.start,
        end: p.workingHours.end,
      });
    }
    case 'ooo': {
      const { who, rest: r } = await member();
      const period = parsePeriod(s, r, who.timezone);
      if (!period)
        throw validationError([
          {
            field: 'outOfOffice',
            code: 'invalid_period',
            message: 'invalid',
            params: { value: r.join(' ') },
          },
        ]);
      const p = await updateMember(core, { personId: who.id, patch: { outOfOffice: period } }, s.ctx);
      return done('team.updated_ooo', { name: p.name, until: awayUntil(s, p, period.until) });
    }
    case 'back': {
      const { who } = await member();
      const p = await updateMember(core, { personId: who.id, patch: { clearOutOfOffice: true } }, s.ctx);
      return done('team.updated_back', { name: p.name });
    }
    case 'deactivate': {
      return deactivate(s, rest);
    }
    case 'activate': {
      const { who } = await member();
      const p = await updateMember(core, { personId: who.id, patch: { active: true } }, s.ctx);
      return done('team.updated_active', { name: p.name });
    }
    case 'lang': {
      const p = await updateMember(
        core,
        { personId: s.person.id, patch: { locale: localeWord(rest[0] ?? '') } },
        s.ctx,
      );
      // Said in the new language: the reply is the first thing in it.
      return say([t(p.locale, 'team.updated_lang', { lang: languageName(p.locale, p.locale) })]);
    }
    case 'tz': {
      const p = await updateMember(
        core,
        { personId: s.person.id, patch: { timezone: rest[0] ?? '' } },
        s.ctx,
      );
      return done('team.updated_tz', { tz: p.timezone });
    }
    case 'invite': {
      const { who } = await member();
      const { code, expiresAt } = await createInvite(core, { personId: who.id }, s.ctx);
      return done('team.invite', { name: who.name, code, until: s.kit.date(expiresAt) });
    }
    case 'channel': {
      const ch = s.inb.channel;
      if (!ch || ch.platform === 'console' || !ch.id) return done('team.channel_here');
      await setTeamChannel(core, { platform: ch.platform, id: ch.id }, s.ctx);
      return say([s.kit.tr('team.channel_set', { team: s.team.name })], [], 'in_channel');
    }
    case 'settings':
      return show(settingsMessage(s));
    case 'api_key':
      return apiKeyCommand(s, rest);
    case 'set': {
      const team = await updateTeamSettings(core, { settings: settingsFromText(rest, s.team) }, s.ctx).catch(
        (err: unknown) => {
          // The core names the setting; the person is shown what they typed for it too.
          if (!isBatonError(err, 'VALIDATION_FAILED')) throw err;
          throw validationError(
            err.issues.map((i) => ({ ...i, params: { value: rest.slice(1).join(' '), ...i.params } })),
          );
        },
      );
      return show(settingsMessage({ ...s, team }));
    }
    case 'webhook':
      return webhookCommand(s, rest);
    default:
      return helpFor(s, 'team');
  }
}
