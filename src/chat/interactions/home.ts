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
  // Someone who only farms accounts sees no empty lead sections.
  const leadWork = s.person.roles.some((r) => r !== 'am');
  const section = (title: string, lines: string[], always = true) => {
    if (!always && !lines.length) return;
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
    leadWork,
  );
  const mine = (
    await stores.leads.list({ teamId: s.team.id, statuses: OPEN_STATUSES, ownerId: s.person.id, limit: 30 })
  ).filter((l) => l.status !== 'offered');
  section(
    kit.tr('home.owned'),
    mine.map((l) => `• ${leadLabel(l)} ${l.fields.company} — ${kit.tr(`status.${l.status}`)}`),
    leadWork,
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
    leadWork,
  );
  if (s.person.roles.includes('am')) {
    // An AM's day is their accounts: every one with its value and contract end, then the next
    // renewals whatever their distance, soonest first.
    const accounts = (
      await stores.accounts.list({ teamId: s.team.id, status: 'active', amId: s.person.id })
    ).sort((a, b) => a.contract.endDate.localeCompare(b.contract.endDate));
    const todayIso = today.toISODate() ?? '';
    section(
      kit.tr('home.accounts', { n: accounts.length }),
      accounts.slice(0, 30).map((a) =>
        kit.tr('home.account', {
          company: a.company,
          value: kit.money(a.contract.value),
          end: kit.date(a.contract.endDate),
        }),
      ),
    );
    section(
      kit.tr('home.next_renewals'),
      accounts
        .filter((a) => a.renewalState !== 'renewed')
        .slice(0, 5)
        .map((a) => {
          const days = Math.round(
            DateTime.fromISO(a.contract.endDate, { zone: s.person.timezone }).diff(
              DateTime.fromISO(todayIso, { zone: s.person.timezone }),
              'days',
            ).days,
          );
          return kit.tr(days < 0 ? 'home.renewal_overdue' : 'home.renewal', {
            company: a.company,
            end: kit.date(a.contract.endDate),
            days: Math.abs(days),
            state: a.renewalState === 'on_it' ? 'on_it' : 'pending',
          });
        }),
    );
  }
  return { summary: kit.tr('home.title', { name: s.person.name }), blocks };
}
