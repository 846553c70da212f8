import { setupTeam } from '../../core/roster/index.js';
import { t } from '../i18n/i18n.js';
import { WORDS } from '../i18n/locales.js';
import { firstWord } from '../parsers/command-syntax.js';
import type { Guest } from './command-spec.js';
import { say } from './session.js';
import type { Reply } from './types.js';

/**
 * `/team setup <name>`: the first person in an empty deployment creates the team. It runs before
 * the speaker is looked up (they are in no team yet); any other `/team` text goes on to the roster.
 */
export async function setupFromText(g: Guest, text: string): Promise<Reply | undefined> {
  if (!WORDS.setup.includes(firstWord(text))) return undefined;
  const { deps, inb } = g;
  const { team, admin } = await setupTeam(
    deps.core,
    {
      teamName: text.trim().split(/\s+/).slice(1).join(' '),
      founder: {
        address: inb.speaker.address,
        ...(inb.speaker.name ? { name: inb.speaker.name } : {}),
        ...(inb.speaker.username ? { username: inb.speaker.username } : {}),
        ...(inb.speaker.locale ? { locale: inb.speaker.locale } : {}),
        ...(inb.speaker.timezone ? { timezone: inb.speaker.timezone } : {}),
      },
    },
    { source: inb.speaker.platform, key: inb.key, now: deps.core.clock.now() },
  );
  // "Acme team" is not "the Acme team team" (in any language: the `teamNoun` tables).
  const named = team.name.trim().toLowerCase().split(/\s+/);
  const suffixed = WORDS.teamNoun.some((w) => named[0] === w || named.at(-1) === w) ? 'yes' : 'no';
  return say([t(admin.locale, 'join.setup_done', { team: team.name, name: admin.name, suffixed })]);
}
