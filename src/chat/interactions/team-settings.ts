import { validationError } from '../../core/errors.js';
import { Info } from 'luxon';
import type { Locale, Team, TeamSettings } from '../../core/roster/team.js';
import { hasKey, zoneLabel, type MessageKey } from '../i18n/i18n.js';
import { languageName } from '../i18n/language-names.js';
import { WORDS } from '../i18n/locales.js';
import { text, type Message } from '../message.js';
import { localeWord } from '../parsers/command-syntax.js';
import { parseHours } from '../parsers/hours-syntax.js';
import type { Session } from './session.js';

/** The settings `/team set` takes: keys, the same in every language like command names (the help and the settings list show them). */
export const SETTING_KEYS = [
  'digest',
  'digest-period',
  'sla',
  'sla-hours',
  'route-hours',
  'claim',
  'renewals',
  'currency',
  'timezone',
  'lang',
  'workdays',
  'name',
  'sources',
  'reasons',
] as const;

const list = (words: string[]) =>
  words
    .join(' ')
    .split(/[\s,]+/)
    .filter(Boolean);

/**
 * `/team set <setting> <value>`: digest 09:00 · digest-period day|week|month · sla 5 15 60 ·
 * sla-hours on|off · route-hours on|off · claim anyone|offered · renewals 90,60,30,14,7 ·
 * currency EUR · timezone Europe/Moscow · lang ru · workdays mon-fri 09:00-18:00 · name … ·
 * sources a,b,c · reasons a,b,c
 *
 * A value that cannot be read is refused here, naming the setting and what was typed; the core
 * checks the ranges again.
 */
export function settingsFromText(words: string[], team: Team): TeamSettings {
  const [key = '', ...rest] = words;
  const v = rest[0]?.toLowerCase() ?? '';
  const typed = rest.join(' ');
  const bad = (field: string, code: string, params: Record<string, unknown> = {}): never => {
    throw validationError([{ field, code, message: code, params: { value: typed, ...params } }]);
  };
  const onOff = (field: string): boolean =>
    WORDS.on.includes(v) ? true : WORDS.off.includes(v) ? false : bad(field, 'not_on_off');
  switch (key.toLowerCase()) {
    case 'digest':
      return { digestTime: /^\d:\d\d$/.test(v) ? `0${v}` : v };
    case 'digest-period':
      return { digestPeriod: (Object.hasOwn(WORDS.digestPeriods, v) ? WORDS.digestPeriods[v] : undefined) ?? bad('digestPeriod', 'invalid_digest_period') };
    case 'sla': {
      const minutes = rest
        .join(' ')
        .split(/[\s,/]+/)
        .filter(Boolean)
        .map(Number);
      const [remind, reoffer, escalate] = minutes;
      if (
        minutes.length !== 3 ||
        !remind ||
        !reoffer ||
        !escalate ||
        minutes.some((m) => !Number.isInteger(m))
      )
        return bad('claimSla', 'invalid_sla');
      return {
        claimSla: {
          remindAfterMin: remind,
          reofferAfterMin: reoffer,
          escalateAfterMin: escalate,
          workingHoursOnly: team.claimSla.workingHoursOnly,
        },
      };
    }
    case 'sla-hours':
      return { claimSla: { ...team.claimSla, workingHoursOnly: onOff('claimSla.workingHoursOnly') } };
    case 'route-hours':
      return { routeWithinWorkingHours: onOff('routeWithinWorkingHours') };
    case 'claim':
      return { claimOfferedOnly: (Object.hasOwn(WORDS.claimModes, v) ? WORDS.claimModes[v] : undefined) ?? bad('claimOfferedOnly', 'invalid_claim_mode') };
    case 'renewals': {
      const days = list(rest).map(Number);
      if (!days.length || days.some((d) => !Number.isInteger(d) || d < 1 || d > 730) || days.length > 12)
        return bad('renewalOffsetsDays', 'invalid_renewals');
      return { renewalOffsetsDays: days };
    }
    case 'currency':
      return { currency: v.toUpperCase() };
    case 'timezone':
    case 'tz':
      return { timezone: rest[0] ?? '' };
    case 'lang':
      return { locale: localeWord(v) as 'en' };
    case 'workdays': {
      const h = parseHours(rest);
      if (!h) return bad('workingDays', 'invalid_hours');
      return { workingDays: h.days, workday: { start: h.start, end: h.end } };
    }
    case 'name':
      return { name: typed };
    case 'sources':
      return { leadSources: list(rest).length ? list(rest) : bad('leadSources', 'invalid_list') };
    case 'reasons':
      return { lossReasons: list(rest).length ? list(rest) : bad('lossReasons', 'invalid_list') };
    default:
      throw validationError([
        {
          field: 'setting',
          code: 'unknown_setting',
          message: 'unknown setting',
          params: { value: key, allowed: [...SETTING_KEYS] },
        },
      ]);
  }
}

/** "Mon–Fri" (in the reader's language) for a run of days, "Mon, Wed, Fri" otherwise, in the reader's language. */
function daysText(days: number[], locale: Locale): string {
  const name = (d: number) => Info.weekdays('short', { locale })[d - 1] ?? String(d);
  const sorted = [...days].sort((a, b) => a - b);
  const run = sorted.every((d, i) => i === 0 || d === sorted[i - 1]! + 1);
  return run && sorted.length > 2
    ? `${name(sorted[0]!)}–${name(sorted.at(-1)!)}`
    : sorted.map(name).join(', ');
}

/** "mon-fri 09:00-18:00" as `/team set workdays` reads it. */
function workdaysWords(t: Team): string {
  const en = (d: number) => Info.weekdays('short', { locale: 'en' })[d - 1]!.toLowerCase();
  const days = [...t.workingDays].sort((a, b) => a - b);
  return `${en(days[0] ?? 1)}-${en(days.at(-1) ?? 5)} ${t.workday.start}-${t.workday.end}`;
}

/** A line of the settings list, by its label's key (`settings.<label>`). */
type SettingLabel =
  | 'name'
  | 'timezone'
  | 'lang'
  | 'currency'
  | 'workdays'
  | 'digest'
  | 'digest_period'
  | 'sla'
  | 'sla_hours'
  | 'route_hours'
  | 'claim'
  | 'renewals'
  | 'sources'
  | 'reasons';

/**
 * The team's settings as labelled lines in the reader's language, each with the command that
 * changes it (filled with the current value, ready to edit).
 */
export function settingsMessage(s: Pick<Session, 'team' | 'kit'>): Message {
  const t = s.team;
  const tr = (key: MessageKey, params?: Record<string, string | number>) => s.kit.tr(key, params);
  const locale = s.kit.locale;
  const word = (prefix: string, id: string) => {
    const key = `${prefix}.${id}`;
    return hasKey(locale, key) ? tr(key) : id;
  };
  const yes = (v: boolean) => (v ? 'on' : 'off');
  const channels = [
    t.channels.slack ? tr('settings.channel_slack', { id: t.channels.slack.channelId }) : '',
    t.channels.telegram ? tr('settings.channel_telegram', { id: t.channels.telegram.chatId }) : '',
  ].filter(Boolean);
  const rows: [SettingLabel, string, string][] = [
    ['name', t.name, `name ${t.name}`],
    ['timezone', `${zoneLabel(t.timezone, locale)} (${t.timezone})`, `timezone ${t.timezone}`],
    ['lang', languageName(t.locale, locale), `lang ${t.locale}`],
    ['currency', t.currency, `currency ${t.currency}`],
    [
      'workdays',
      tr('settings.workdays_value', {
        days: daysText(t.workingDays, locale),
        start: t.workday.start,
        end: t.workday.end,
      }),
      `workdays ${workdaysWords(t)}`,
    ],
    ['digest', tr('settings.digest_value', { time: t.digestTime }), `digest ${t.digestTime}`],
    ['digest_period', tr(`settings.period.${t.digestPeriod}`), `digest-period ${t.digestPeriod}`],
    [
      'sla',
      tr('settings.sla_value', {
        remind: t.claimSla.remindAfterMin,
        reoffer: t.claimSla.reofferAfterMin,
        escalate: t.claimSla.escalateAfterMin,
      }),
      `sla ${t.claimSla.remindAfterMin} ${t.claimSla.reofferAfterMin} ${t.claimSla.escalateAfterMin}`,
    ],
    [
      'sla_hours',
      tr(`settings.sla_hours.${yes(t.claimSla.workingHoursOnly)}`),
      `sla-hours ${yes(!t.claimSla.workingHoursOnly)}`,
    ],
    [
      'route_hours',
      tr(`settings.route_hours.${yes(t.routeWithinWorkingHours)}`),
      `route-hours ${yes(!t.routeWithinWorkingHours)}`,
    ],
    [
      'claim',
      tr(t.claimOfferedOnly ? 'settings.claim.offered' : 'settings.claim.anyone'),
      `claim ${t.claimOfferedOnly ? 'anyone' : 'offered'}`,
    ],
    [
      'renewals',
      tr('settings.renewals_value', { days: t.renewalOffsetsDays.join(', ') }),
      `renewals ${t.renewalOffsetsDays.join(',')}`,
    ],
    ['sources', t.leadSources.map((x) => word('source', x)).join(', '), `sources ${t.leadSources.join(',')}`],
    ['reasons', t.lossReasons.map((x) => word('loss', x)).join(', '), `reasons ${t.lossReasons.join(',')}`],
  ];
  const lines = [
    tr('settings.title', { team: t.name }),
    ...rows.map(([key, value, command]) =>
      tr('settings.line', { label: tr(`settings.${key}`), value, command: `/team set ${command}` }),
    ),
    tr('settings.line', {
      label: tr('settings.channels'),
      value: channels.length ? channels.join(', ') : tr('settings.channel_none'),
      command: '/team channel',
    }),
  ];
  return { summary: lines[0]!, blocks: [{ type: 'text', text: [text(lines.join('\n'))] }] };
}
