import type { Notice } from '../../core/notices.js';
import type { PersonStore, TeamStore } from '../../core/ports.js';
import { platformOf, type Person, type Platform } from '../../core/roster/person.js';
import type { Reader, Target } from '../ports.js';
import type { EntryTarget, ReaderRef } from './outbox-port.js';

/** One concrete delivery of a notice. */
export type Resolved = {
  target: EntryTarget;
  targetKey: string;
  platform: Platform | null;
  reader: ReaderRef;
  /**
   * The reader's language and zone as just read to resolve the target (the process that records
   * the entry delivers it at once and need not read them again). Absent for card edits.
   */
  known?: Omit<Reader, 'platform'>;
};

/** The console workspace's team room. */
export const CONSOLE_TEAM_CHANNEL = 'team';

/** Stable text form of a target, part of the entry id (`<notice.key>|<targetKey>`). */
export function targetKeyOf(target: EntryTarget): string {
  if (target.kind === 'dm') return target.address;
  if (target.kind === 'cards') return 'cards';
  return `channel:${target.platform}:${target.id}`;
}

/** The person's address on a platform we can send to, preferring the order of `addresses`. */
function addressFor(person: Person, platforms: ReadonlySet<Platform>): string | undefined {
  return person.addresses.find((a) => {
    try {
      return platforms.has(platformOf(a));
    } catch {
      return false;
    }
  });
}

function dm(person: Person, platforms: ReadonlySet<Platform>): Resolved[] {
  const address = addressFor(person, platforms);
  if (!address) return [];
  const target: Target = { kind: 'dm', address };
  return [
    {
      target,
      targetKey: targetKeyOf(target),
      platform: platformOf(address),
      reader: { personId: person.id },
      known: { personId: person.id, locale: person.locale, timezone: person.timezone },
    },
  ];
}

/**
 * Turns a notice's recipient into concrete targets on the platforms that have a sender:
 * a person → their first reachable address (nobody, once deactivated); a team channel → the team's Slack channel and/or
 * Telegram group (and the console room); managers → each active manager's DM.
 * `lead.changed` → one entry that edits every card already sent for the lead.
 */
export async function resolveRecipients(
  deps: { people: Pick<PersonStore, 'get' | 'listTeam'>; teams: TeamStore; platforms: ReadonlySet<Platform> },
  notice: Notice,
): Promise<Resolved[]> {
  if (notice.body.kind === 'lead.changed') {
    const target: EntryTarget = { kind: 'cards', leadId: notice.body.leadId };
    return [{ target, targetKey: 'cards', platform: null, reader: {} }];
  }
  const to = notice.to;
  // Webhooks are delivered by the webhook half of the outbox (src/webhooks), never to a chat.
  if ('webhooksOf' in to || 'webhook' in to) return [];
  if ('personId' in to) {
    const person = await deps.people.get(to.personId);
    // A deactivated person is sent nothing (their work was handed on when they left).
    return person?.active ? dm(person, deps.platforms) : [];
  }
  if ('managersOf' in to) {
    const people = await deps.people.listTeam(to.managersOf, { activeOnly: true });
    return people.filter((p) => p.roles.includes('manager')).flatMap((p) => dm(p, deps.platforms));
  }
  const team = await deps.teams.get(to.teamChannel);
  if (!team) return [];
  const channels: Target[] = [];
  if (deps.platforms.has('slack') && team.channels.slack)
    channels.push({ kind: 'channel', platform: 'slack', id: team.channels.slack.channelId });
  if (deps.platforms.has('telegram') && team.channels.telegram)
    channels.push({ kind: 'channel', platform: 'telegram', id: team.channels.telegram.chatId });
  if (deps.platforms.has('console'))
    channels.push({ kind: 'channel', platform: 'console', id: CONSOLE_TEAM_CHANNEL });
  return channels.map((target) => ({
    target,
    targetKey: targetKeyOf(target),
    platform: target.kind === 'channel' ? target.platform : null,
    reader: { teamId: team.id },
    known: { locale: team.locale, timezone: team.timezone },
  }));
}
