import type { Locale } from '../../core/roster/team.js';
import type { MessageKey } from '../i18n/i18n.js';
import type { InteractionDeps, Session } from './session.js';
import type { Inbound, Reply } from './types.js';

/**
 * Someone whose team is not looked up yet (`/start` links them, `/team setup` founds the first
 * team): the request, and the language to answer in (the platform's, else the default).
 */
export type Guest = { deps: InteractionDeps; inb: Inbound; locale: Locale };

/**
 * A Slack slash command `/<name>`: the manifest's description and usage hint. The manifest is
 * written from the default language's catalog (`npm run gen:slack-manifest`); Slack shows one
 * language, the other catalogs carry them so every catalog has every key.
 */
export type SlashCommand = { description: MessageKey; usage: MessageKey };

type Described<Name extends string> = {
  /** What people type after the slash; the same on every platform. */
  name: Name;
  /** One line in the command menu (Telegram's "/" menu), in the reader's language. */
  menu: MessageKey;
  /** Set for a Slack slash command: Slack's listener and the manifest follow from it. */
  slash?: SlashCommand;
  /** A speaker in no team gets how to join instead of a refusal (as `/<any> help` does). */
  welcomesNewcomers?: true;
};

/**
 * One command, whole: its name, how menus and Slack's manifest describe it, and what it runs.
 * `run` answers a person of a team and calls one use case; `before`, when there is one, runs first
 * for someone not looked up yet and answers in their place, or returns undefined to go on to `run`.
 * A command with no `run` is answered by `before` alone. The registry (`commands.ts`) lists the
 * specs; the dispatch, Slack's listeners, the manifest and Telegram's menu follow from it.
 */
export type CommandSpec<Name extends string = string> = Described<Name> &
  (
    | {
        run(s: Session, text: string): Promise<Reply>;
        before?(g: Guest, text: string): Promise<Reply | undefined>;
      }
    | { run?: undefined; before(g: Guest, text: string): Promise<Reply> }
  );
