import type { CommandSpec } from './command-spec.js';
import { helpCommand } from './help-command.js';
import { kpiCommand } from './kpi-command.js';
import { leadCommand } from './lead-command.js';
import { meetingCommand } from './meeting-command.js';
import { startCommand } from './start-command.js';
import { teamCommand } from './team-command.js';

/**
 * Every command, in the order menus list them: a new command is a spec file and a line here. The
 * dispatch, Slack's listeners and manifest, Telegram's menu and the console follow from the list.
 */
const SPECS = [leadCommand, meetingCommand, teamCommand, kpiCommand, helpCommand, startCommand] as const;

export type CommandName = (typeof SPECS)[number]['name'];
export const COMMANDS: readonly CommandSpec<CommandName>[] = SPECS;
export const COMMAND_NAMES: readonly CommandName[] = SPECS.map((c) => c.name);

const BY_NAME = new Map<string, CommandSpec<CommandName>>(SPECS.map((c) => [c.name, c]));

/** The command called `name` (lower case, as every platform passes it), if there is one. */
export function commandNamed(name: string): CommandSpec<CommandName> | undefined {
  return BY_NAME.get(name);
}
