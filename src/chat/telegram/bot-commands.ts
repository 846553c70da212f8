import type { Telegram } from 'telegraf';
import { LOCALES, type Locale } from '../../core/roster/team.js';
import { COMMANDS } from '../interactions/commands.js';
import { tgText } from './texts.js';

/** The command menu in `locale` (Telegram shows it when a user types "/"): every command's `menu` line. */
export function commandMenu(locale: Locale): { command: string; description: string }[] {
  const tr = tgText(locale);
  return COMMANDS.map((c) => ({ command: c.name, description: tr(c.menu) }));
}

/** Registers the menu: English for everyone, and each other language for clients set to it. */
export async function registerCommandMenu(telegram: Telegram): Promise<void> {
  await telegram.setMyCommands(commandMenu('en'));
  for (const locale of LOCALES.filter((l) => l !== 'en'))
    await telegram.setMyCommands(commandMenu(locale), { language_code: locale });
}
