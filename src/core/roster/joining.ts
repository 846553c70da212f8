import { DateTime, IANAZone } from 'luxon';
import { randomBytes } from 'node:crypto';
import { BatonError } from '../errors.js';
import type { Ctx } from '../ports.js';
import { normalizeHandle, type Person } from './person.js';
import { isLocale } from './team.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import type { Arrival } from './roster-shared.js';

/**
 * Who is this? The person behind a platform address; a Telegram user a manager registered by
 * @username is linked on first contact. Unknown people get UNKNOWN_PERSON with their address,
 * for the manager to add.
 */
export async function identify(deps: CoreDeps, arrival: Arrival): Promise<Person> {
  const known = await deps.stores.people.byAddress(arrival.address);
  if (known) return adoptPlatformPreferences(deps, known, arrival);
  if (arrival.address.startsWith('telegram:') && arrival.username) {
    const registered = await deps.stores.people.byTelegramUsername(normalizeHandle(arrival.username));
    if (registered && !registered.addresses.some((a) => a.startsWith('telegram:'))) {
      await deps.stores.people.linkAddress(registered.id, arrival.address);
      const linked = await deps.stores.people.get(registered.id);
      if (linked) return adoptPlatformPreferences(deps, linked, arrival);
    }
  }
  throw new BatonError('UNKNOWN_PERSON', 'you are not in a Baton team yet', { address: arrival.address });
}

/**
 * Until a person (or their manager) chooses a language or a time zone, Baton follows what their
 * chat client says (Telegram's language, Slack's locale and profile zone). One write, only when
 * something changed.
 */
export async function adoptPlatformPreferences(
  deps: CoreDeps,
  person: Person,
  arrival: Arrival,
): Promise<Person> {
  const patch: Partial<Person> = {};
  const locale = arrival.locale?.slice(0, 2).toLowerCase();
  if (!person.localeChosen && isLocale(locale) && locale !== person.locale)
    patch.locale = locale;
  if (
    !person.timezoneChosen &&
    arrival.timezone &&
    arrival.timezone !== person.timezone &&
    IANAZone.isValidZone(arrival.timezone)
  ) {
    patch.timezone = arrival.timezone;
  }
  return Object.keys(patch).length ? deps.stores.people.update(person.id, patch) : person;
}

/** A one-time code a manager gives someone to link their chat account (`/start <code>`). */
export async function createInvite(
  deps: CoreDeps,
  req: { personId: string },
  ctx: Ctx,
): Promise<{ code: string; expiresAt: Date }> {
  const { team } = await actorFor(deps, ctx, 'team.manage');
  const person = await deps.stores.people.get(req.personId);
  if (!person || person.teamId !== team.id)
    throw new BatonError('UNKNOWN_PERSON', 'no such person in the team', { personId: req.personId });
  const code = randomBytes(6).toString('base64url').replace(/[-_]/g, 'x').slice(0, 8).toUpperCase();
  const expiresAt = DateTime.fromJSDate(ctx.now).plus({ days: 7 }).toJSDate();
  await deps.stores.ledger.insertOnce('invite', code, {
    personId: person.id,
    teamId: team.id,
    expiresAt,
    at: ctx.now,
  });
  return { code, expiresAt };
}

/** Redeems an invite code: the address becomes the person's. Each code works once. */
export async function redeemInvite(
  deps: CoreDeps,
  req: { code: string; arrival: Arrival },
  ctx: Ctx,
): Promise<Person> {
  const code = req.code.trim().toUpperCase();
  const invite = /^[A-Z0-9]{8}$/.test(code) ? await deps.stores.ledger.get('invite', code) : null;
  if (!invite || new Date(String(invite.expiresAt)).getTime() < ctx.now.getTime()) {
    throw new BatonError('INVITE_INVALID', 'this invite code is not valid or has expired', {});
  }
  const personId = String(invite.personId);
  const used = await deps.stores.ledger.insertOnce('invite-used', code, {
    address: req.arrival.address,
    at: ctx.now,
  });
  if (!used) {
    const record = await deps.stores.ledger.get('invite-used', code);
    if (record?.address !== req.arrival.address)
      throw new BatonError('INVITE_INVALID', 'this invite code was already used', {});
  }
  await deps.stores.people.linkAddress(personId, req.arrival.address);
  const person = await deps.stores.people.get(personId);
  if (!person) throw new BatonError('UNKNOWN_PERSON', 'the invited person no longer exists', {});
  return adoptPlatformPreferences(deps, person, req.arrival);
}
