// Reads a calendar file the way a calendar does: with ical.js (Mozilla's iCalendar parser, the one
// Thunderbird uses), after checking the RFC 5545 line rules a lenient parser would let pass.
import { expect } from '@jest/globals';
import ICAL from 'ical.js';

export type ParsedInvite = {
  method: string;
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  /** Whether DTSTART was written as UTC (a `Z` time) or with a zone ical.js resolved. */
  startZone: string;
  summary: string;
  description: string;
  status: string;
  url?: string;
  organizer?: { email: string; cn?: string };
  attendees: { email: string; cn?: string }[];
  /** The file as sent. */
  raw: string;
};

/** Checks CRLF line ends and the 75-octet limit, then parses the one VEVENT. */
export function parseInvite(bytes: Uint8Array): ParsedInvite {
  const raw = Buffer.from(bytes).toString('utf8');
  expect(raw.endsWith('\r\n')).toBe(true);
  // No bare LF or CR: every line ends with CRLF.
  expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of raw.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  const calendar = new ICAL.Component(ICAL.parse(raw));
  const events = calendar.getAllSubcomponents('vevent');
  expect(events).toHaveLength(1);
  const vevent = events[0]!;
  const event = new ICAL.Event(vevent);
  const person = (p: ICAL.Property) => {
    const cn = p.getParameter('cn');
    return {
      email: String(p.getFirstValue()).replace(/^mailto:/i, ''),
      ...(typeof cn === 'string' ? { cn } : {}),
    };
  };
  const organizer = vevent.getFirstProperty('organizer');
  const url = vevent.getFirstPropertyValue('url');
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    uid: event.uid,
    sequence: event.sequence,
    start: event.startDate.toJSDate(),
    end: event.endDate.toJSDate(),
    startZone: event.startDate.zone?.tzid ?? '',
    summary: event.summary,
    description: event.description,
    status: String(vevent.getFirstPropertyValue('status')),
    ...(url ? { url: String(url) } : {}),
    ...(organizer ? { organizer: person(organizer) } : {}),
    attendees: vevent.getAllProperties('attendee').map(person),
    raw,
  };
}
