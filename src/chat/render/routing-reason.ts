import type { RoutingDecision, SkipReason } from '../../core/leads/lead.js';
import { formatDate, formatTime } from '../i18n/i18n.js';
import type { Kit } from './kit.js';

/** "next in the rotation (turn 12); skipped Anna — out of office until 3 Dec 2026, …" */
export async function routingReason(kit: Kit, r: RoutingDecision | undefined): Promise<string> {
  if (!r) return '';
  let reason: string;
  if (r.kind === 'rotation') reason = kit.tr('why.rotation', { turn: r.turn });
  else if (r.kind === 'owner' && typeof r.detail?.leadNumber === 'number')
    reason = kit.tr('why.owner_lead', { number: r.detail.leadNumber });
  else if (r.kind === 'owner')
    reason = kit.tr('why.owner_account', {
      company: typeof r.detail?.company === 'string' ? r.detail.company : '',
    });
  else if (r.kind === 'manual') reason = kit.tr('why.manual');
  else reason = kit.tr('why.queue');
  if (!r.skipped.length) return reason;
  const parts: string[] = [];
  for (const s of r.skipped.slice(0, 8)) parts.push(await skipText(kit, s.personId, s.reason));
  const more = r.skipped.length > 8 ? ` (+${r.skipped.length - 8})` : '';
  return `${reason}; ${kit.tr('card.skipped', { list: parts.join('; ') + more })}`;
}

async function skipText(kit: Kit, personId: string, reason: SkipReason): Promise<string> {
  const who = await kit.name(personId);
  switch (reason.code) {
    case 'out_of_office': {
      // The day the person said they are away until, in their zone (as on the team card).
      const zone = (await kit.person(personId))?.timezone ?? kit.reader.timezone;
      return kit.tr('skip.out_of_office', { who, until: formatDate(new Date(reason.until), kit.locale, zone) });
    }
    case 'at_cap':
      return kit.tr('skip.at_cap', { who, open: reason.open, cap: reason.cap });
    case 'outside_hours':
      return kit.tr('skip.outside_hours', {
        who,
        start: reason.start,
        end: reason.end,
        zone: reason.timezone.split('/').pop() ?? reason.timezone,
      });
    case 'already_offered':
      return kit.tr('skip.already_offered', { who });
    case 'passed':
      return kit.tr('skip.passed', { who });
    default:
      return kit.tr('skip.inactive', { who });
  }
}

export { formatTime };
