import type { Locale } from '../../core/roster/team.js';
import { t, type MessageKey } from '../i18n/i18n.js';
import { say, type Session } from './session.js';
import type { Reply, Speaker } from './types.js';

export type HelpTopic = 'all' | 'lead' | 'meeting' | 'team' | 'kpi';

/** Help for a topic, or a role-aware overview. */
export function helpFor(
  s: Session | { kit: Session['kit']; person?: Session['person'] },
  topic: HelpTopic = 'all',
): Reply {
  const tr = (key: MessageKey) => s.kit.tr(key);
  if (topic !== 'all') return say([tr(`help.${topic}`)]);
  const roles = s.person?.roles ?? [];
  const lines = [tr('help.intro')];
  if (roles.some((r) => ['sdr', 'manager', 'admin'].includes(r))) lines.push(tr('help.sdr'));
  if (roles.includes('ae')) lines.push(tr('help.ae'));
  if (roles.includes('am')) lines.push(tr('help.am'));
  if (roles.some((r) => ['manager', 'admin'].includes(r))) lines.push(tr('help.manager'));
  lines.push(tr('help.everyone'));
  return say(lines);
}

/**
 * Help for someone who is in no team yet: how to get added (with the id a manager needs), how to
 * set Baton up when it has no team, then what each command does.
 */
export function newcomerHelp(locale: Locale, speaker: Pick<Speaker, 'address' | 'platform'>): Reply {
  const lines = [
    t(locale, speaker.platform === 'telegram' ? 'join.unknown_tg' : 'join.unknown', { id: speaker.address }),
  ];
  // The Slack text already says how to set a team up.
  if (speaker.platform === 'telegram') lines.push(t(locale, 'help.newcomer_setup'));
  lines.push(t(locale, 'help.newcomer_commands'));
  return say(lines);
}
