import type { Person } from '../../core/roster/person.js';
import { identify, redeemInvite } from '../../core/roster/index.js';
import { t } from '../i18n/i18n.js';
import { createKit } from '../render/kit.js';
import type { CommandSpec, Guest } from './command-spec.js';
import { arrivalOf, say } from './session.js';
import type { Reply } from './types.js';

/** `/start [invite code]` (Telegram's first message): link the account, or say who we know them as. */
export const startCommand = {
  name: 'start',
  menu: 'command.start.menu',
  before: start,
} satisfies CommandSpec<'start'>;

async function start({ deps, inb, locale }: Guest, code: string): Promise<Reply> {
  const c = code.trim();
  let person: Person;
  if (c && /^[A-Za-z0-9]{8}$/.test(c)) {
    person = await redeemInvite(
      deps.core,
      { code: c, arrival: arrivalOf(inb) },
      { source: inb.speaker.platform, key: inb.key, now: deps.core.clock.now() },
    );
  } else {
    const known = await deps.core.stores.people.byAddress(inb.speaker.address);
    if (known) {
      const team = await deps.core.stores.teams.get(known.teamId);
      return say([t(known.locale, 'join.already', { name: known.name, team: team?.name ?? '' })]);
    }
    person = await identify(deps.core, arrivalOf(inb));
  }
  const team = await deps.core.stores.teams.get(person.teamId);
  const kit = createKit(deps.core.stores, {
    personId: person.id,
    locale: person.locale ?? locale,
    timezone: person.timezone,
    platform: inb.speaker.platform,
  });
  return say([kit.tr('join.linked', { name: person.name, team: team?.name ?? '' })]);
}
