import { WORDS } from '../i18n/locales.js';
import { LEAD_REF, whichLead, wordsOf } from './command-syntax.js';

/** What `/meeting …` asks for; `when` is the words after the lead ("tomorrow 15:00 45m"). */
export type MeetingIntent =
  | { kind: 'form' }
  | { kind: 'help' }
  /** A lead but no time: the form, with that lead picked. */
  | { kind: 'pick'; ref: string }
  | { kind: 'book' | 'reschedule'; ref: string; when: string[] }
  | { kind: 'cancel'; ref: string; reason?: string };

/** Reads `/meeting …` (a lead is asked for when a sub-command comes without one). */
export function parseMeetingCommand(text: string): MeetingIntent {
  const words = wordsOf(text);
  const [first = '', second = '', ...rest] = words;
  const v = first.toLowerCase();
  if (!words.length) return { kind: 'form' };
  const verb = Object.hasOwn(WORDS.meetingVerbs, v) ? WORDS.meetingVerbs[v] : undefined;
  if (WORDS.help.includes(v)) return { kind: 'help' };
  if (verb === 'reschedule') {
    if (!LEAD_REF.test(second)) whichLead(`/meeting ${first} L-12 fri 11:00`);
    return { kind: 'reschedule', ref: second, when: rest };
  }
  if (verb === 'cancel') {
    if (!LEAD_REF.test(second)) whichLead(`/meeting ${first} L-12`);
    const reason = rest.join(' ').trim();
    return { kind: 'cancel', ref: second, ...(reason ? { reason } : {}) };
  }
  if (!LEAD_REF.test(first)) whichLead('/meeting L-12 tomorrow 15:00');
  const when = words.slice(1);
  return when.length ? { kind: 'book', ref: first, when } : { kind: 'pick', ref: first };
}
