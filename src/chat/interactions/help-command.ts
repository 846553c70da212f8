import type { CommandSpec } from './command-spec.js';
import { helpFor, type HelpTopic } from './help.js';

const TOPICS: readonly HelpTopic[] = ['lead', 'meeting', 'team', 'kpi'];

/** `/help [topic]`: what the speaker's roles can do, or one command's syntax; newcomers learn how to join. */
export const helpCommand = {
  name: 'help',
  menu: 'command.help.menu',
  welcomesNewcomers: true,
  run: (s, text) => Promise.resolve(helpFor(s, TOPICS.find((x) => text.trim().toLowerCase() === x) ?? 'all')),
} satisfies CommandSpec<'help'>;
