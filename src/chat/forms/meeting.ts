import { DateTime } from 'luxon';
import { validationError } from '../../core/errors.js';
import { currentMeeting, leadLabel, type Lead } from '../../core/leads/lead.js';
import { bookReply, rescheduleReply, type Slot } from '../interactions/meeting-replies.js';
import type { Session } from '../interactions/session.js';
import type { FormField } from './form.js';
import { field, one, probe, withLocale, type FormSpec } from './spec.js';
import { SLOT_FIELDS, slotFromValues, slotSample } from './values.js';

const DURATIONS = ['15', '30', '45', '60', '90', '120'];

/** Core issue field → field id, for both meeting forms. */
const MEETING_FIELDS = {
  startsAt: 'time',
  date: 'date',
  time: 'time',
  durationMin: 'durationMin',
  timezone: 'timezone',
  lead: 'lead',
};

function whenFields(s: Session, initial?: Slot): FormField[] {
  // The platform's zone for the person (Slack profile) when known, else their Baton zone.
  const zone = initial?.timezone ?? s.inb.speaker.timezone ?? s.person.timezone;
  const start = initial ? DateTime.fromJSDate(new Date(initial.startsAt), { zone }) : undefined;
  return [
    field(s, 'date', 'date', true, start ? { initial: start.toISODate() ?? undefined } : {}),
    field(s, 'time', 'time', true, start ? { initial: start.toFormat('HH:mm') } : {}),
    field(s, 'durationMin', 'select', true, {
      options: DURATIONS.map((d) => ({ value: d, label: s.kit.minutes(+d) })),
      initial: String(initial?.durationMin ?? 30),
    }),
    field(s, 'timezone', 'timezone', true, { initial: zone, hint: s.kit.tr('form.hint.timezone') }),
  ];
}

/** A date, time, duration or zone answer checked with sample values for the others. */
function checkWhen(s: Session, id: string, value: string): Promise<string | null> | null {
  if (!SLOT_FIELDS.includes(id)) return null;
  return probe(s, MEETING_FIELDS, id, () => slotFromValues(s, slotSample(s, id, value)));
}

/** `/meeting` with no text: which lead, when, how long, in which zone. */
export const meetingForm: FormSpec<'meeting', { lead: string; slot: Slot }, [Lead[]]> = {
  id: 'meeting',
  build: (s, leads) =>
    withLocale(s, {
      id: 'meeting',
      title: s.kit.tr('form.meeting.title'),
      submitLabel: s.kit.tr('form.meeting.submit'),
      fields: [
        field(s, 'lead', 'select', true, {
          options: leads
            .slice(0, 100)
            .map((l) => ({ value: l.id, label: `${leadLabel(l)} ${l.fields.company}`.slice(0, 75) })),
        }),
        ...whenFields(s),
      ],
    }),
  parse(s, v) {
    if (!one(v.lead)) throw validationError([{ field: 'lead', code: 'unknown_lead', message: '' }]);
    return { lead: one(v.lead), slot: slotFromValues(s, v) };
  },
  submit: (s, { lead, slot }) => bookReply(s, lead, slot),
  fields: MEETING_FIELDS,
  check: checkWhen,
};

/** Reschedule: the same when-fields, filled in with the current meeting. */
export const rescheduleForm: FormSpec<'reschedule', Slot, [Lead]> = {
  id: 'reschedule',
  build: (s, lead) =>
    withLocale(s, {
      id: 'reschedule',
      ref: lead.id,
      title: s.kit.tr('form.reschedule.title'),
      submitLabel: s.kit.tr('form.reschedule.submit'),
      intro: `${leadLabel(lead)} ${lead.fields.company}`,
      fields: whenFields(s, currentMeeting(lead)),
    }),
  parse: (s, v) => slotFromValues(s, v),
  submit: (s, slot, ref) => rescheduleReply(s, ref ?? '', slot),
  fields: MEETING_FIELDS,
  check: checkWhen,
};
