import { DateTime } from 'luxon';

/** "Mon 6 Sep 2027, 09:00 (Berlin)" — how the console and the operator CLI show business time. */
export function showTime(at: Date, zone: string): string {
  const label = zone.split('/').pop()?.replace(/_/g, ' ') ?? zone;
  return `${DateTime.fromJSDate(at, { zone }).setLocale('en').toFormat('ccc d LLL yyyy, HH:mm')} (${label})`;
}
