/** Free mail providers: their domain says nothing about the company. */
export const FREE_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'yandex.ru',
  'ya.ru',
  'yandex.com',
  'mail.ru',
  'bk.ru',
  'inbox.ru',
  'list.ru',
  'rambler.ru',
]);

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL_RE =
  /^[^\s@<>()[\],;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;
export function isEmail(s: string): boolean {
  return s.length <= 254 && EMAIL_RE.test(s);
}

/**
 * Phone numbers compared by digits only (E.164 without "+"). A Russian trunk prefix 8 on an
 * 11-digit number becomes the country code 7, so "8 (916) 123-45-67" equals "+7 916 123 45 67".
 */
export function normalizePhone(phone: string): string {
  let digits = phone.replace(/\D/g, '');
  if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  return digits;
}

export function isPhone(raw: string): boolean {
  if (!/^[+\d\s().-]+$/.test(raw.trim())) return false;
  const d = normalizePhone(raw);
  return d.length >= 7 && d.length <= 15;
}

/** "https://www.Acme.com/about" → "acme.com"; returns undefined when it is not a domain. */
export function normalizeDomain(input: string): string | undefined {
  let s = input.trim().toLowerCase();
  s = s.replace(/^[a-z]+:\/\//, '').replace(/^www\./, '');
  s = s.split(/[/?#:]/, 1)[0] ?? '';
  if (
    !/^(?=.{3,253}$)[a-z0-9\u0400-\u04ff](?:[a-z0-9\u0400-\u04ff-]*[a-z0-9\u0400-\u04ff])?(?:\.[a-z0-9\u0400-\u04ff](?:[a-z0-9\u0400-\u04ff-]*[a-z0-9\u0400-\u04ff])?)+$/.test(
      s,
    )
  ) {
    return undefined;
  }
  return s;
}

/** The company domain implied by an email, unless it is a free mail provider. */
export function companyDomainFromEmail(email: string): string | undefined {
  const domain = email.split('@')[1];
  if (!domain) return undefined;
  const d = normalizeDomain(domain);
  return d && !FREE_MAIL_DOMAINS.has(d) ? d : undefined;
}
