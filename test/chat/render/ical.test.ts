// The iCalendar writer against a real parser: whatever text goes in (long, multi-byte, with the
// characters iCalendar escapes) comes out of ical.js unchanged, in lines of at most 75 octets.
import { describe, expect, it } from '@jest/globals';
import { escapeText, foldLine, icalendar, paramValue, utcDateTime } from '../../../src/chat/render/ical.js';
import { parseInvite } from '../../support/ical.js';

const calendarWith = (summary: string, cn = 'Anna') =>
  new TextEncoder().encode(
    icalendar(
      [
        { name: 'PRODID', value: '-//Baton//Test//EN' },
        { name: 'VERSION', value: '2.0' },
        { name: 'METHOD', value: 'REQUEST' },
      ],
      [
        {
          name: 'VEVENT',
          properties: [
            { name: 'UID', value: 'mtg_1@baton' },
            { name: 'DTSTAMP', value: utcDateTime(new Date('2027-03-01T09:00:00Z')) },
            { name: 'DTSTART', value: utcDateTime(new Date('2027-03-15T14:00:00Z')) },
            { name: 'DTEND', value: utcDateTime(new Date('2027-03-15T14:45:00Z')) },
            { name: 'SUMMARY', value: escapeText(summary) },
            { name: 'DESCRIPTION', value: escapeText(`${summary}\n${summary}`) },
            { name: 'ORGANIZER', params: { CN: cn }, value: 'mailto:anna@example.com' },
          ],
        },
      ],
    ),
  );

describe('the iCalendar writer', () => {
  it('escapes and folds text so a parser reads back exactly what was written', () => {
    const texts = [
      'Smith, Jones; Partners \\ Co. — “Ünïcødé” GmbH & Söhne, Zürich; research, development',
      'ООО «Рога и копыта»; отдел закупок, Санкт-Петербург — очень длинное название компании',
      '🚀 Rocket; Labs, Inc. 🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀',
      'x'.repeat(300),
      'line one\nline two\r\nline three\\n not a break',
    ];
    for (const summary of texts) {
      const parsed = parseInvite(calendarWith(summary));
      expect(parsed.summary).toBe(summary.replace(/\r\n/g, '\n'));
      expect(parsed.description).toBe(`${summary}\n${summary}`.replace(/\r\n/g, '\n'));
      expect(parsed.start.toISOString()).toBe('2027-03-15T14:00:00.000Z');
    }
  });

  it('folds at 75 octets without splitting a character, continuation lines starting with one space', () => {
    const line = `SUMMARY:${'я'.repeat(100)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(2);
    for (const [i, l] of folded.entries()) {
      expect(Buffer.byteLength(l)).toBeLessThanOrEqual(75);
      if (i > 0) expect(l.startsWith(' ')).toBe(true);
      // A split inside a two-byte letter would leave a replacement character after decoding.
      expect(Buffer.from(l).toString('utf8')).not.toContain('\uFFFD');
    }
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
    expect(foldLine('SHORT:x')).toBe('SHORT:x');
  });

  it('quotes parameter values with separators and drops what a parameter cannot hold', () => {
    expect(paramValue('Anna')).toBe('Anna');
    expect(paramValue('Novak, Anna: AE; EMEA')).toBe('"Novak, Anna: AE; EMEA"');
    expect(paramValue('Anna "the closer"\n')).toBe('Anna the closer');
    const parsed = parseInvite(calendarWith('Acme', 'Novak, Anna: AE; EMEA'));
    expect(parsed.organizer).toEqual({ email: 'anna@example.com', cn: 'Novak, Anna: AE; EMEA' });
  });

  it('writes UTC date-times', () => {
    expect(utcDateTime(new Date('2027-10-31T00:59:59.999Z'))).toBe('20271031T005959Z');
  });
});
