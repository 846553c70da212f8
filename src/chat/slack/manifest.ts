import { t } from '../i18n/i18n.js';
import { COMMANDS } from '../interactions/commands.js';
import { SLACK_EVENTS_PATH } from './constants.js';

/** The manifest (`manifest.json`) is pasted into Slack with this host replaced by Baton's own. */
export const MANIFEST_HOST = 'YOUR-BATON-HOST';

/** One entry of the manifest's `features.slash_commands`. */
export type ManifestSlashCommand = {
  command: string;
  url: string;
  description: string;
  usage_hint: string;
  should_escape: boolean;
};

/**
 * The manifest's slash commands, as the command specs describe them, in English (Slack shows an
 * app's commands in one language). `should_escape` makes Slack send mentions as `<@U…|name>`,
 * which is how the listener reads people out of the text.
 */
export function manifestSlashCommands(): ManifestSlashCommand[] {
  return COMMANDS.flatMap((c) =>
    c.slash
      ? [
          {
            command: `/${c.name}`,
            url: `https://${MANIFEST_HOST}${SLACK_EVENTS_PATH}`,
            description: t('en', c.slash.description),
            usage_hint: t('en', c.slash.usage),
            should_escape: true,
          },
        ]
      : [],
  );
}
