import { leadLabel, type Lead, type LeadStatus } from '../../core/leads/lead.js';
import { validationError } from '../../core/errors.js';
import { isManager } from '../../core/roster/permissions.js';
import { findLead } from '../../core/use-cases/lead-refs.js';
import { bookMeeting, cancelMeeting, rescheduleMeeting } from '../../core/use-cases/meetings.js';
import { parseMeetingWhen } from '../commands/when-syntax.js';
import { meetingForm } from './form-builders.js';
import { helpFor } from './help.js';
import { say, type Session } from './session.js';
import type { Reply } from './types.js';

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

/** Turns "tomorrow 15:00 45m" into a slot, or a field-specific validation error. */
export function slotFrom(s: Session, words: string[]) {
  const r = parseMeetingWhen(words, s.person.timezone, s.ctx.now);
  if (!r.ok)
    throw validationError([
      {
        field: r.field,
        code:
          r.field === 'date'
            ? 'invalid_date'
            : r.field === 'time'
              ? 'invalid_time'
              : r.field === 'timezone'
                ? 'invalid_timezone'
                : 'invalid_duration',
        message: r.field,
      },
    ]);
  return r.value;
}

/** `/meeting …`: book (quick syntax or form), reschedule, cancel. */
export async function meetingCommand(s: Session, raw: string): Promise<Reply> {
  const words = raw.trim().split(/\s+/).filter(Boolean);
  const [first = ''] = words;
  const v = first.toLowerCase();
  if (!words.length) {
    const leads = await bookableLeads(s);
    if (!leads.length) return say([s.kit.tr('reply.nothing_open')]);
    return { kind: 'form', form: meetingForm(s, leads) };
  }
  if (['help', 'помощь', '?'].includes(v)) return helpFor(s, 'meeting');
  if (['reschedule', 'move', 'перенести'].includes(v)) {
    const [, ref = '', ...when] = words;
    return rescheduleReply(s, ref, slotFrom(s, when));
  }
  if (['cancel', 'отменить'].includes(v)) {
    const [, ref = '', ...why] = words;
    const lead = await cancelMeeting(
      s.deps.core,
      { leadRef: ref, ...(why.length ? { reason: why.join(' ') } : {}) },
      s.ctx,
    );
    return say([
      s.kit.tr('reply.meeting_cancelled', { label: leadLabel(lead), company: lead.fields.company }),
    ]);
  }
  const [ref = '', ...when] = words;
  if (when.length === 0) {
    const lead = await findLead(s.deps.core, s.team.id, ref);
    const form = meetingForm(s, await bookableLeads(s));
    return {
      kind: 'form',
      form: { ...form, fields: form.fields.map((f) => (f.id === 'lead' ? { ...f, initial: lead.id } : f)) },
    };
  }
  return bookReply(s, ref, slotFrom(s, when));
}

/** Moves the lead's meeting and says where it went, in the reader's zone. */
export async function rescheduleReply(
  s: Session,
  ref: string,
  slot: ReturnType<typeof slotFrom>,
): Promise<Reply> {
  const { lead, meeting } = await rescheduleMeeting(s.deps.core, { leadRef: ref, ...slot }, s.ctx);
  return say([
    s.kit.tr('reply.meeting_rescheduled', {
      label: leadLabel(lead),
      company: lead.fields.company,
      when: s.kit.when(meeting.startsAt),
      zone: s.kit.zone,
    }),
  ]);
}

export async function bookReply(s: Session, ref: string, slot: ReturnType<typeof slotFrom>): Promise<Reply> {
  const { lead, meeting } = await bookMeeting(s.deps.core, { leadRef: ref, ...slot }, s.ctx);
  return say([
    s.kit.tr('reply.meeting_booked', {
      label: leadLabel(lead),
      company: lead.fields.company,
      when: s.kit.when(meeting.startsAt),
      zone: s.kit.zone,
      duration: meeting.durationMin,
      ae: await s.kit.name(meeting.aeId),
    }),
  ]);
}
