import { leadLabel } from '../../core/leads/lead.js';
import { bookMeeting, rescheduleMeeting } from '../../core/meetings/index.js';
import { say, type Session } from './session.js';
import type { Reply } from './types.js';

/** When a meeting is (from the quick syntax or the form). */
export type Slot = { startsAt: Date; durationMin: number; timezone: string };

/** Moves the lead's meeting and says where it went, in the reader's zone. */
export async function rescheduleReply(s: Session, ref: string, slot: Slot): Promise<Reply> {
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

/** Books the lead's meeting and says when and with whom. */
export async function bookReply(s: Session, ref: string, slot: Slot): Promise<Reply> {
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
