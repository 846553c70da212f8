/**
 * A small iCalendar (RFC 5545) writer: content lines with escaped text, quoted parameters, UTC
 * date-times, folded at 75 octets and ended with CRLF. It writes what meeting invites need (one
 * VEVENT in a VCALENDAR with an iTIP method) and nothing else; tests read its output back with a
 * real iCalendar parser.
 */

/** A property: its name, parameters and value, the value already in iCalendar syntax. */
export type IcalProperty = { name: string; params?: Record<string, string>; value: string };

/** TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11). */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * A parameter value (§3.2): quoted when it holds `:`, `;` or `,`; a double quote cannot appear
 * in one at all, and control characters are not allowed, so both are dropped.
 */
export function paramValue(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what is being removed
  const clean = s.replace(/["\u0000-\u001f\u007f]/g, '');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/** A UTC DATE-TIME (`20260308T150000Z`): every reader's calendar shows it in its own zone. */
export function utcDateTime(at: Date): string {
  return at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/**
 * Folds a content line so no line is longer than 75 octets (§3.1): a CRLF and one space go
 * before the octet that would pass the limit, never inside a UTF-8 character's bytes.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    // The first line holds 75 octets; a continuation line's leading space takes one of its 75.
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

function contentLine(p: IcalProperty): string {
  const params = Object.entries(p.params ?? {})
    .map(([k, v]) => `;${k}=${paramValue(v)}`)
    .join('');
  return foldLine(`${p.name}${params}:${p.value}`);
}

/** A calendar object: a VCALENDAR with the given properties and one component per entry. */
export function icalendar(
  calendar: IcalProperty[],
  components: { name: string; properties: IcalProperty[] }[],
): string {
  const lines = ['BEGIN:VCALENDAR', ...calendar.map(contentLine)];
  for (const c of components) {
    lines.push(`BEGIN:${c.name}`, ...c.properties.map(contentLine), `END:${c.name}`);
  }
  lines.push('END:VCALENDAR');
  return lines.join('\r\n') + '\r\n';
}
