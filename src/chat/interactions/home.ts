import { DateTime } from 'luxon';
import { currentMeeting, leadLabel, OPEN_STATUSES } from '../../core/leads/lead.js';
import { text, type Block, type Message } from '../message.js';
import type { Session } from './session.js';

/**
 * The person's queue: leads offered to them, leads they own, meetings today, renewals due —
 * the Slack Home tab and `/lead list` on every platform.
 */
export async function homeMessage(s: Session): Promise<Message> {
  const { stores } = s.deps.core;
  const kit = s.kit;
  const blocks: Block[] = [{ type: 'header', text: kit.tr('home.title', { name: s.person.name }) }];
  const section = (title: string, lines: string[]) => {
    blocks.push({ type: 'text', text: [{ t: 'b', v: title }] });
    blocks.push({ type: 'text', text: [text(lines.length ? lines.join('\n') : kit.tr('home.empty'))] });
  };
  const offered = await stores.leads.list({
    teamId: s.team.id,
    statuses: ['offered'],
    offeredTo: s.person.id,
    limit: 20,
  });
  section(
    kit.tr('home.offered'),
    offered.map((l) => `• ${leadLabel(l)} ${l.fields.company}`),
  );
  const mine = (
    await stores.leads.list({ teamId: s.team.id, statuses: OPEN_STATUSES, ownerId: s.person.id, limit: 30 })
  ).filter((l) => l.status !== 'offered');
  section(
    kit.tr('home.owned'),
    mine.map((l) => `• ${leadLabel(l)} ${l.fields.company} — ${kit.tr(`status.${l.status}`)}`),
  );
  const created = await stores.leads.list({
    teamId: s.team.id,
    statuses: OPEN_STATUSES,
    createdBy: s.person.id,
    limit: 30,
  });
  if (created.length)
    section(
      kit.tr('home.created'),
      created.map((l) => `• ${leadLabel(l)} ${l.fields.company} — ${kit.tr(`status.${l.status}`)}`),
    );
  const today = DateTime.fromJSDate(s.ctx.now, { zone: s.person.timezone });
  const meetings = [...mine, ...created]
    .map((l) => ({ l, m: currentMeeting(l) }))
    .filter(
      ({ m }) =>
        m && DateTime.fromJSDate(new Date(m.startsAt), { zone: s.person.timezone }).hasSame(today, 'day'),
    );
  const seen = new Set<string>();
  section(
    kit.tr('home.meetings_today'),
    meetings
      .filter(({ l }) => !seen.has(l.id) && seen.add(l.id))
      .map(({ l, m }) => `• ${kit.when(m!.startsAt)} — ${leadLabel(l)} ${l.fields.company}`),
  );
  if (s.person.roles.includes('am')) {
    const horizon = today.plus({ days: 90 }).toISODate() ?? '';
    const due = (await stores.accounts.list({ teamId: s.team.id, status: 'active', amId: s.person.id }))
      .filter((a) => a.contract.endDate <= horizon && a.renewalState !== 'renewed')
      .sort((a, b) => a.contract.endDate.localeCompare(b.contract.endDate));
    section(
      kit.tr('home.renewals'),
      due.map((a) => `• ${a.company} — ${kit.date(a.contract.endDate)} (${kit.money(a.contract.value)})`),
    );
  }
  return { summary: kit.tr('home.title', { name: s.person.name }), blocks };
}
