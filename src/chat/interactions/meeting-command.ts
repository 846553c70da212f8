import { leadLabel, type Lead, type LeadStatus } from '../../core/leads/lead.js';
import { validationError } from '../../core/errors.js';
import { isManager } from '../../core/roster/permissions.js';
import { assertCan } from '../../core/roster/permissions.js';
import { checkBookMeeting } from '../../core/meetings/book-meeting.js';
import { checkChangeMeeting } from '../../core/meetings/change-meeting.js';
import { cancelMeeting } from '../../core/meetings/index.js';
import { parseMeetingCommand } from '../parsers/meeting-command-syntax.js';
import { parseMeetingWhen } from '../parsers/when-syntax.js';
import { meetingForm, rescheduleForm } from '../forms/meeting.js';
import { helpFor } from './help.js';
import { bookReply, rescheduleReply } from './meeting-replies.js';
import type { CommandSpec } from './command-spec.js';
import { say, type Session } from './session.js';
import type { Reply } from './types.js';

/** `/meeting`: book a meeting for one of the SDR's open leads (with no text: the form), move or cancel one. */
export const meetingCommand = {
  name: 'meeting',
  menu: 'command.meeting.menu',
  slash: { description: 'command.meeting.slash', usage: 'command.meeting.usage' },
  run: runMeeting,
} satisfies CommandSpec<'meeting'>;

const BOOKABLE: LeadStatus[] = ['claimed', 'no_show', 'held'];

/** Leads the person may book a meeting for (the form's picker). */
export async function bookableLeads(s: Session): Promise<Lead[]> {
  const { leads } = s.deps.core.stores;
  const team = s.team.id;
  if (isManager(s.person)) return leads.list({ teamId: team, statuses: BOOKABLE, limit: 100 });
  const own = s.person.roles.includes('ae')
    ? await leads.list({ teamId: team, statuses: BOOKABLE, ownerId: s.person.id, limit: 100 })
    : [];
  const created = await leads.list({ teamId: team, statuses: BOOKABLE, createdBy: s.person.id, limit: 100 });
  const all = [...created, ...own.filter((l) => !created.some((c) => c.id === l.id))];
  if (s.person.roles.includes('sdr') && !all.length)
    return leads.list({ teamId: team, statuses: BOOKABLE, limit: 100 });
  return all;
}

const WHEN_CODES = {
  date: 'invalid_date',
  time: 'invalid_time',
  timezone: 'invalid_timezone',
  durationMin: 'invalid_duration',
} as const;

/** Turns "tomorrow 15:00 45m" into a slot, or a field-specific validation error. */
export function slotFrom(s: Session, words: string[]) {
  const r = parseMeetingWhen(words, s.person.timezone, s.ctx.now);
  if (!r.ok) {
    const gap = r.gap;
    throw validationError([
      gap
        ? { field: 'time', code: 'dst_gap', message: 'falls in a daylight-saving gap', params: { value: gap.typed, date: gap.date, suggestion: gap.suggestion } }
        : { field: r.field, code: WHEN_CODES[r.field], message: r.field },
    ]);
  }
  return r.value;
}

/** `/meeting …`: book (quick syntax or form), reschedule, cancel. */
async function runMeeting(s: Session, raw: string): Promise<Reply> {
  const intent = parseMeetingCommand(raw);
  const core = s.deps.core;
  switch (intent.kind) {
    case 'form': {
      assertCan(s.person, 'meeting.book');
      const leads = await bookableLeads(s);
      if (!leads.length) return say([s.kit.tr('reply.nothing_open')]);
      return { kind: 'form', form: meetingForm.build(s, leads) };
    }
    case 'help':
      return helpFor(s, 'meeting');
    case 'pick': {
      // Only a lead that can have a meeting now gets the form.
      const lead = await checkBookMeeting(core, { leadRef: intent.ref }, s.ctx);
      const form = meetingForm.build(s, await bookableLeads(s));
      const fields = form.fields.map((f) =>
        f.id === 'lead'
          ? {
              ...f,
              initial: lead.id,
              options: f.options?.some((o) => o.value === lead.id)
                ? f.options
                : [{ value: lead.id, label: `${leadLabel(lead)} ${lead.fields.company}`.slice(0, 75) }, ...(f.options ?? [])],
            }
          : f,
      );
      return { kind: 'form', form: { ...form, fields } };
    }
    case 'book':
      return bookReply(s, intent.ref, slotFrom(s, intent.when));
    case 'reschedule': {
      if (!intent.when.length) {
        const { lead } = await checkChangeMeeting(core, { leadRef: intent.ref }, s.ctx);
        return { kind: 'form', form: rescheduleForm.build(s, lead) };
      }
      return rescheduleReply(s, intent.ref, slotFrom(s, intent.when));
    }
    case 'cancel': {
      const { ref, reason } = intent;
      const lead = await cancelMeeting(core, { leadRef: ref, ...(reason ? { reason } : {}) }, s.ctx);
      return say([s.kit.tr('reply.meeting_cancelled', { label: leadLabel(lead), company: lead.fields.company })]);
    }
  }
}
