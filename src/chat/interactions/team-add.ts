import { addMember } from '../../core/roster/index.js';
import { WORDS } from '../i18n/locales.js';
import type { MemberOption } from '../i18n/words.js';
import { localeWord } from '../parsers/command-syntax.js';
import { say, type Session } from './session.js';
import type { Reply } from './types.js';

/**
 * `/team add Anna Petrova @anna sdr,ae weight=0.5 cap=10 tz=Europe/Moscow lang=ru`
 * - Slack: mention the user (`@Anna` → `<@U…>`), which links their account at once;
 * - Telegram: give their @username (`tg:@anna_sales` or `@anna_sales`), linked when they /start;
 * - console: `@handle` is their console name.
 */
export async function addMemberFromText(s: Session, words: string[]): Promise<Reply> {
  const roles: string[] = [];
  const name: string[] = [];
  const opts: Partial<Record<MemberOption, string>> = {};
  let address: string | undefined;
  let handle: string | undefined;
  let telegramUsername: string | undefined;
  for (const w of words) {
    const lower = w.toLowerCase();
    const kv = /^(\p{L}+)=(.+)$/u.exec(w);
    const option = kv && Object.hasOwn(WORDS.memberOptions, kv[1]!.toLowerCase()) ? WORDS.memberOptions[kv[1]!.toLowerCase()] : undefined;
    const mention = /^@\{([^|}]+)(?:\|([^}]*))?\}$/.exec(w);
    if (kv && option) opts[option] = kv[2]!;
    else if (mention) {
      address = mention[1];
      if (mention[2] && !name.length) handle = mention[2];
    } else if (/^(tg|telegram):@?\w+$/i.test(w)) telegramUsername = w.split(':')[1]!.replace(/^@/, '');
    else if (w.startsWith('@')) {
      if (s.inb.speaker.platform === 'telegram') telegramUsername = w.slice(1);
      else if (s.inb.speaker.platform === 'console') {
        handle = w.slice(1);
        address = `console:${w.slice(1).toLowerCase()}`;
      } else handle = w.slice(1);
    } else if (lower.split(',').every((r) => Object.hasOwn(WORDS.roles, r)))
      roles.push(...lower.split(',').map((r) => WORDS.roles[r]!));
    else name.push(w);
  }
  const fullName = name.join(' ') || handle || telegramUsername || '';
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v.replace(',', '.')));
  const capRaw = opts.cap;
  const person = await addMember(
    s.deps.core,
    {
      name: fullName,
      roles,
      ...(address ? { address } : {}),
      ...(handle || opts.handle ? { handle: opts.handle ?? handle } : {}),
      ...(telegramUsername ? { telegramUsername } : {}),
      ...(opts.email ? { email: opts.email } : {}),
      ...(opts.tz ? { timezone: opts.tz } : {}),
      ...(opts.lang ? { locale: localeWord(opts.lang) } : {}),
      ...(opts.weight ? { weight: num(opts.weight) } : {}),
      ...(capRaw ? { cap: WORDS.noLimit.includes(capRaw) ? null : num(capRaw) } : {}),
    },
    s.ctx,
  );
  const roleText = person.roles.map((r) => s.kit.tr(`role.${r}`)).join(', ');
  const how = person.addresses.length
    ? s.kit.tr('team.added_linked')
    : person.telegramUsername
      ? s.kit.tr('team.added_tg', { username: person.telegramUsername })
      : s.kit.tr('team.added_invite', { handle: person.handle });
  return say([s.kit.tr('team.added', { name: person.name, handle: person.handle, roles: roleText }), how]);
}
