import { IANAZone } from 'luxon';
import { BatonError, validationError, type FieldIssue } from '../errors.js';
import { idFromKey } from '../ids.js';
import { normalizeEmail } from '../leads/normalize.js';
import type { Ctx } from '../ports.js';
import { normalizeHandle, type Person } from './person.js';
import { localeFromTag, newTeam, teamSettingsSchema, type Team, type TeamSettings } from './team.js';
import { actorFor } from '../shared/actor.js';
import type { CoreDeps } from '../shared/deps.js';
import { pickupSoon } from '../leads/pickup-timers.js';
import { handleOf, memberInputIssues, type MemberInput } from './add-member.js';
import {
  handleFrom,
  insertPerson,
  pickZone,
  validateRoles,
  type Arrival,
} from './roster-shared.js';

/**
 * The founder's roster entry when an operator sets the team up from a roster file: roles (the
 * founder is always admin), contact, rotation share. A founder from a file may have no chat
 * address yet (they link it with `/start`, by Telegram @username, or through an invite).
 */
export type FounderMember = Omit<MemberInput, 'address' | 'name'>;

/**
 * The first admin: in an empty deployment, whoever runs `/team setup <name>` (any platform, or
 * the operator CLI's roster import) creates the team and becomes its admin and manager. The
 * claim is an insert-once record, so when two people race only one becomes admin; after that,
 * only admins and managers add people. With `member` (a roster import) the founder gets those
 * roles plus admin, and that contact and rotation share; `founder.address` may then be empty.
 */
export async function setupTeam(
  deps: CoreDeps,
  req: {
    teamName: string;
    founder: Arrival;
    timezone?: string;
    locale?: string;
    demo?: boolean;
    member?: FounderMember;
  },
  ctx: Ctx,
): Promise<{ team: Team; admin: Person }> {
  const name = req.teamName.trim();
  if (!name || name.length > 80) {
    throw validationError([
      {
        field: 'teamName',
        code: name ? 'too_long' : 'required',
        message: name ? 'is too long' : 'is required',
      },
    ]);
  }
  const m = req.member;
  if (m) {
    const issues = memberInputIssues({ ...m, name: req.founder.name ?? '', roles: [...m.roles, 'admin'] });
    if (issues.length) throw validationError(issues);
  }
  const existing = req.founder.address ? await deps.stores.people.byAddress(req.founder.address) : null;
  if (existing)
    throw new BatonError('ALREADY_SET_UP', 'you are already in a team', { teamId: existing.teamId });
  const teamId = idFromKey('team', `setup:${ctx.key}`);
  const won = await deps.stores.ledger.insertOnce('bootstrap', 'first-admin', {
    teamId,
    address: req.founder.address,
    at: ctx.now,
  });
  if (!won) {
    const record = await deps.stores.ledger.get('bootstrap', 'first-admin');
    if (record?.teamId !== teamId) {
      throw new BatonError('ALREADY_SET_UP', 'Baton is already set up here: ask an admin to add you', {});
    }
  }
  const locale = localeFromTag(req.locale ?? req.founder.locale, deps.defaults.locale);
  const timezone = pickZone(req.timezone ?? req.founder.timezone, deps.defaults.timezone);
  const tg = m?.telegramUsername ? normalizeHandle(m.telegramUsername) : undefined;
  const team = newTeam({
    id: teamId,
    name,
    timezone,
    locale,
    createdAt: ctx.now,
    ...(req.demo ? { demo: true } : {}),
  });
  // A new team's KPI facts are kept from its first event: complete from the start.
  await deps.stores.kpiFacts.markReady(team.id);
  await deps.stores.teams.insert(team);
  const admin = await insertPerson(deps, team, {
    name: req.founder.name?.trim() || handleFrom(req.founder),
    handle: m ? handleOf({ ...m, name: req.founder.name ?? '' }) : handleFrom(req.founder),
    roles: m ? validateRoles([...m.roles, 'admin']) : ['admin', 'manager'],
    addresses: req.founder.address ? [req.founder.address] : [],
    timezone: m?.timezone ?? timezone,
    locale: m?.locale ? localeFromTag(m.locale, locale) : locale,
    key: `founder:${ctx.key}`,
    now: ctx.now,
    ...(tg ? { telegramUsername: tg } : {}),
    ...(m?.email ? { email: normalizeEmail(m.email) } : {}),
    ...(m?.weight !== undefined ? { weight: m.weight } : {}),
    ...(m?.cap !== undefined ? { cap: m.cap } : {}),
  });
  return { team: (await deps.stores.teams.get(teamId)) ?? team, admin };
}

/** Creates another team (admins only), e.g. a second region. */
export async function createTeam(
  deps: CoreDeps,
  req: { name: string; timezone?: string; locale?: string },
  ctx: Ctx,
): Promise<Team> {
  const { actor } = await actorFor(deps, ctx, 'team.manage_admins');
  const name = req.name.trim();
  if (!name || name.length > 80)
    throw validationError([
      { field: 'name', code: name ? 'too_long' : 'required', message: name ? 'is too long' : 'is required' },
    ]);
  const team = newTeam({
    id: idFromKey('team', `create:${ctx.key}`),
    name,
    timezone: pickZone(req.timezone, actor.timezone),
    locale: localeFromTag(req.locale, actor.locale),
    createdAt: ctx.now,
  });
  await deps.stores.kpiFacts.markReady(team.id);
  await deps.stores.teams.insert(team);
  return team;
}

/** The issue code for a team setting that failed its schema (adapters put it in words). */
const SETTING_ISSUES: Record<string, string> = {
  name: 'required',
  locale: 'invalid_locale',
  currency: 'invalid_currency',
  workingDays: 'invalid_hours',
  workday: 'invalid_hours',
  digestTime: 'invalid_time_of_day',
  digestPeriod: 'invalid_digest_period',
  claimSla: 'invalid_sla',
  renewalOffsetsDays: 'invalid_renewals',
  leadSources: 'invalid_list',
  lossReasons: 'invalid_list',
  routeWithinWorkingHours: 'not_on_off',
  claimOfferedOnly: 'invalid_claim_mode',
};

/** Changes team settings (managers). */
export async function updateTeamSettings(
  deps: CoreDeps,
  req: { settings: TeamSettings },
  ctx: Ctx,
): Promise<Team> {
  const { team } = await actorFor(deps, ctx, 'team.manage');
  const parsed = teamSettingsSchema.safeParse(req.settings);
  if (!parsed.success) {
    // One issue per setting, named by the setting ("claimSla", not "claimSla.remindAfterMin").
    const fields = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? 'setting')))];
    throw validationError(
      fields.map((field) => ({
        field,
        code: SETTING_ISSUES[field] ?? 'invalid',
        message: `${field} is not valid`,
      })),
    );
  }
  if (parsed.data.timezone && !IANAZone.isValidZone(parsed.data.timezone)) {
    throw validationError([
      { field: 'timezone', code: 'invalid_timezone', message: 'is not an IANA time zone' },
    ]);
  }
  // Only what this change touches: a team stored with an older contradiction can still change the rest.
  const issues = contradictions({ ...team, ...parsed.data }).filter((i) => i.field in parsed.data);
  if (issues.length) throw validationError(issues);
  const updated = await deps.stores.teams.update(team.id, tidy(parsed.data));
  // Routing hours or working days changed: queued leads may go out now.
  await pickupSoon(deps, team.id, ctx.now);
  return updated;
}

/**
 * Settings that each make sense alone but not together, each with the rule it breaks: the claim
 * reminder comes before the re-offer, and the re-offer no later than the escalation (else the
 * managers hear of a lead before a second AE is even offered it); a working day starts before it ends.
 */
export function contradictions(t: Pick<Team, 'claimSla' | 'workday'>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { remindAfterMin: remind, reofferAfterMin: reoffer, escalateAfterMin: escalate } = t.claimSla;
  if (!(remind < reoffer && reoffer <= escalate))
    issues.push({
      field: 'claimSla',
      code: 'sla_order',
      message: `the reminder (${remind} min) must come before the re-offer (${reoffer} min), and the re-offer no later than the escalation (${escalate} min)`,
      params: { remind, reoffer, escalate },
    });
  if (t.workday.start >= t.workday.end)
    issues.push({
      field: 'workday',
      code: 'day_order',
      message: `the working day must start before it ends (${t.workday.start}-${t.workday.end})`,
      params: { start: t.workday.start, end: t.workday.end },
    });
  return issues;
}

/** The same setting given twice counts once: renewal offsets latest first, lists in their order. */
function tidy(s: TeamSettings): TeamSettings {
  const once = <T>(xs: T[]) => [...new Set(xs)];
  return {
    ...s,
    ...(s.renewalOffsetsDays ? { renewalOffsetsDays: once(s.renewalOffsetsDays).sort((a, b) => b - a) } : {}),
    ...(s.leadSources ? { leadSources: once(s.leadSources) } : {}),
    ...(s.lossReasons ? { lossReasons: once(s.lossReasons) } : {}),
  };
}

/** Makes a Slack channel or Telegram group the place where the team's lead cards go. */
export async function setTeamChannel(
  deps: CoreDeps,
  req: { platform: 'slack' | 'telegram'; id: string },
  ctx: Ctx,
): Promise<Team> {
  const { team } = await actorFor(deps, ctx, 'team.manage');
  const channels = {
    ...team.channels,
    ...(req.platform === 'slack' ? { slack: { channelId: req.id } } : { telegram: { chatId: req.id } }),
  };
  return deps.stores.teams.update(team.id, { channels });
}

/**
 * The platform moved a team's channel (a Telegram group upgraded to a supergroup gets a new chat
 * id): every team posting to `from` follows it to `to`. No actor: the platform told us.
 */
export async function moveTeamChannel(
  deps: CoreDeps,
  req: { platform: 'slack' | 'telegram'; from: string; to: string },
): Promise<number> {
  let moved = 0;
  for (const team of await deps.stores.teams.list()) {
    const current =
      req.platform === 'slack' ? team.channels.slack?.channelId : team.channels.telegram?.chatId;
    if (current !== req.from) continue;
    const channels =
      req.platform === 'slack'
        ? { ...team.channels, slack: { channelId: req.to } }
        : { ...team.channels, telegram: { chatId: req.to } };
    await deps.stores.teams.update(team.id, { channels });
    moved += 1;
  }
  return moved;
}
