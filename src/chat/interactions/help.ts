import { say, type Session } from './session.js';
import type { Reply } from './types.js';

export type HelpTopic = 'all' | 'lead' | 'meeting' | 'team' | 'kpi';

/** Help for a topic, or a role-aware overview. */
export function helpFor(
  s: Session | { kit: Session['kit']; person?: Session['person'] },
  topic: HelpTopic = 'all',
): Reply {
  const tr = (key: string) => s.kit.tr(key);
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
