import { validationError } from '../../core/errors.js';
import type { Team, TeamSettings } from '../../core/roster/team.js';
import { text, type Message } from '../message.js';
import { parseHours } from './team-command.js';
import type { Session } from './session.js';

const onOff = (v: string | undefined) => ['on', 'yes', 'true', 'да', 'вкл'].includes((v ?? '').toLowerCase());
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
 */
export function settingsFromText(words: string[], team: Team): TeamSettings {
  const [key = '', ...rest] = words;
  const v = rest[0];
  const bad = (field: string) => validationError([{ field, code: 'invalid', message: 'is not valid' }]);
  switch (key.toLowerCase()) {
    case 'digest':
      return { digestTime: v ?? '' };
    case 'digest-period':
      return { digestPeriod: (v ?? '') as 'day' };
    case 'sla': {
      const [remind, reoffer, escalate] = rest.map(Number);
      if (!remind || !reoffer || !escalate) throw bad('claimSla');
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
      return { claimSla: { ...team.claimSla, workingHoursOnly: onOff(v) } };
    case 'route-hours':
      return { routeWithinWorkingHours: onOff(v) };
    case 'claim':
      return {
        claimOfferedOnly: ['offered', 'offered-only', 'назначенный'].includes((v ?? '').toLowerCase()),
      };
    case 'renewals':
      return { renewalOffsetsDays: list(rest).map(Number) };
    case 'currency':
      return { currency: v ?? '' };
    case 'timezone':
    case 'tz':
      return { timezone: v ?? '' };
    case 'lang':
      return { locale: (v ?? '') as 'en' };
    case 'workdays': {
      const h = parseHours(rest);
      if (!h) throw bad('workingHours');
      return { workingDays: h.days, workday: { start: h.start, end: h.end } };
    }
    case 'name':
      return { name: rest.join(' ') };
    case 'sources':
      return { leadSources: list(rest) };
    case 'reasons':
      return { lossReasons: list(rest) };
    default:
      throw bad('setting');
  }
}

/** The team's settings, one per line. */
export function settingsMessage(s: Pick<Session, 'team' | 'kit'>): Message {
  const t = s.team;
  const lines = [
    s.kit.tr('settings.title', { team: t.name }),
    `• timezone: ${t.timezone} · lang: ${t.locale} · currency: ${t.currency}`,
    `• workdays: ${t.workingDays.join(',')} ${t.workday.start}-${t.workday.end}`,
    `• digest: ${t.digestTime} (${t.digestPeriod})`,
    `• sla: ${t.claimSla.remindAfterMin} / ${t.claimSla.reofferAfterMin} / ${t.claimSla.escalateAfterMin} min${t.claimSla.workingHoursOnly ? ' (working hours)' : ''}`,
    `• route-hours: ${t.routeWithinWorkingHours ? 'on' : 'off'} · claim: ${t.claimOfferedOnly ? 'offered' : 'anyone'}`,
    `• renewals: ${t.renewalOffsetsDays.join(', ')}`,
    `• sources: ${t.leadSources.join(', ')}`,
    `• reasons: ${t.lossReasons.join(', ')}`,
    `• channels: ${[t.channels.slack ? `slack ${t.channels.slack.channelId}` : '', t.channels.telegram ? `telegram ${t.channels.telegram.chatId}` : ''].filter(Boolean).join(', ') || '—'}`,
  ];
  return { summary: lines[0]!, blocks: [{ type: 'text', text: [text(lines.join('\n'))] }] };
}
