/**
 * The calendar file that comes with a meeting's notice: an iCalendar invite (METHOD:REQUEST) when
 * it is booked or moved, a cancellation (METHOD:CANCEL) when it is called off. One UID per
 * meeting, and the meeting's revision as SEQUENCE (a reschedule and a cancel each raise it), so a
 * calendar that has the event updates or removes it instead of adding another.
 */
import { leadLabel, type Lead, type Meeting } from '../../core/leads/lead.js';
import type { Person } from '../../core/roster/person.js';
import { formatDateTime, zoneLabel } from '../i18n/i18n.js';
import type { MessageFile } from '../message.js';
import { escapeText, icalendar, utcDateTime, type IcalProperty } from './ical.js';
import type { Kit } from './kit.js';

/** Stable per meeting and the same in every file about it (meeting ids are unique). */
export const meetingUid = (m: Pick<Meeting, 'id'>) => `${m.id}@baton`;

/** A person on the invite: their name always, their address only when we have their email. */
function party(p: Person | undefined, params: Record<string, string>): IcalProperty | undefined {
  if (!p?.email) return undefined;
  return { name: '', params: { CN: p.name, ...params }, value: `mailto:${p.email}` };
}

/**
 * The invite or cancellation for `m` as the reader gets it: summary and description in their
 * language; times in UTC, which every calendar shows in its own zone (the description also gives
 * the time in the zone it was booked in). `link` is the lead's card, where the platform has one.
 */
export async function meetingInvite(
  kit: Kit,
  lead: Lead,
  m: Meeting,
  opts: { now: Date; link?: string; withdrawn?: boolean },
): Promise<MessageFile> {
  // `withdrawn`: the meeting goes on without the reader (its AE now is someone else).
  const cancelled = m.status === 'cancelled' || Boolean(opts.withdrawn);
  const label = leadLabel(lead);
  const { company, contact } = lead.fields;
  const [ae, booker, sdr] = [
    await kit.person(m.aeId),
    await kit.person(m.bookedBy),
    await kit.person(lead.createdBy),
  ];
  const contactLine = [contact.name, contact.title].filter(Boolean).join(', ');
  const description = [
    kit.tr('invite.lead', { label, company }),
    kit.tr('invite.contact', { contact: contactLine }),
    ...(contact.email ? [kit.tr('invite.email', { email: contact.email })] : []),
    ...(contact.phone ? [kit.tr('invite.phone', { phone: contact.phone })] : []),
    kit.tr('invite.people', {
      ae: ae?.name ?? kit.tr('common.none'),
      booker: booker?.name ?? kit.tr('common.none'),
    }),
    kit.tr('invite.booked_time', {
      when: formatDateTime(m.startsAt, kit.locale, m.timezone),
      zone: zoneLabel(m.timezone, kit.locale),
      duration: m.durationMin,
    }),
    ...(opts.link ? [kit.tr('invite.link', { url: opts.link })] : []),
  ].join('\n');
  const organizer = party(ae ?? booker, {}) ?? party(booker, {});
  // Everyone the core sends the notice to (its meetingPeople), once each.
  const attendees = [...new Map([ae, booker, sdr].filter((p) => p?.email).map((p) => [p!.id, p!])).values()];
  const event: IcalProperty[] = [
    { name: 'UID', value: meetingUid(m) },
    { name: 'DTSTAMP', value: utcDateTime(opts.now) },
    { name: 'SEQUENCE', value: String(m.revision) },
    { name: 'DTSTART', value: utcDateTime(m.startsAt) },
    { name: 'DTEND', value: utcDateTime(new Date(m.startsAt.getTime() + m.durationMin * 60_000)) },
    {
      name: 'SUMMARY',
      value: escapeText(kit.tr('invite.summary', { company, contact: contact.name, label })),
    },
    { name: 'DESCRIPTION', value: escapeText(description) },
    ...(opts.link ? [{ name: 'URL', params: { VALUE: 'URI' }, value: opts.link }] : []),
    { name: 'STATUS', value: cancelled ? 'CANCELLED' : 'CONFIRMED' },
    { name: 'TRANSP', value: 'OPAQUE' },
    ...(organizer ? [{ ...organizer, name: 'ORGANIZER' }] : []),
    ...attendees.map((p) => ({
      ...party(p, { ROLE: 'REQ-PARTICIPANT', RSVP: 'FALSE' })!,
      name: 'ATTENDEE',
    })),
  ];
  const ics = icalendar(
    [
      { name: 'PRODID', value: '-//Baton//Meeting invites//EN' },
      { name: 'VERSION', value: '2.0' },
      { name: 'CALSCALE', value: 'GREGORIAN' },
      { name: 'METHOD', value: cancelled ? 'CANCEL' : 'REQUEST' },
    ],
    [{ name: 'VEVENT', properties: event }],
  );
  return {
    // Each revision its own name: the console keeps one file per name, Slack finds a file by it.
    name: `meeting-${label}${m.revision ? `-${m.revision}` : ''}.ics`,
    title: kit.tr(cancelled ? 'invite.title_cancelled' : 'invite.title', { label, company }),
    mime: 'text/calendar',
    bytes: new TextEncoder().encode(ics),
  };
}
