import type { App } from '@slack/bolt';
import { ACTION_IDS, type ActionId } from '../../../message.js';
import type { ListenerDeps } from '../deps.js';
import { ACTIONS as LeadClaim, registerLeadClaim } from './lead-claim.js';
import { ACTIONS as LeadPass, registerLeadPass } from './lead-pass.js';
import { ACTIONS as LeadCreateAnyway, registerLeadCreateAnyway } from './lead-create-anyway.js';
import { ACTIONS as MeetingOutcome, registerMeetingOutcome } from './meeting-outcome.js';
import { ACTIONS as DealOutcome, registerDealOutcome } from './deal-outcome.js';
import { ACTIONS as Renewal, registerRenewal } from './renewal.js';
import { ACTIONS as KpiPeriod, registerKpiPeriod } from './kpi-period.js';

/** Every action the listeners handle; a test checks this equals ACTION_IDS in message.ts. */
export const HANDLED_ACTIONS: readonly ActionId[] = [
  ...LeadClaim,
  ...LeadPass,
  ...LeadCreateAnyway,
  ...MeetingOutcome,
  ...DealOutcome,
  ...Renewal,
  ...KpiPeriod,
];

/** Every button Baton puts in a message. */
export function register(app: App, deps: ListenerDeps): void {
  registerLeadClaim(app, deps);
  registerLeadPass(app, deps);
  registerLeadCreateAnyway(app, deps);
  registerMeetingOutcome(app, deps);
  registerDealOutcome(app, deps);
  registerRenewal(app, deps);
  registerKpiPeriod(app, deps);
}

/** The ActionIds no listener handles (empty unless message.ts grew a new one). */
export function unhandledActions(): ActionId[] {
  return ACTION_IDS.filter((id) => !HANDLED_ACTIONS.includes(id));
}
