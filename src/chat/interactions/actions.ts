import { leadLabel } from '../../core/leads/lead.js';
import { BatonError } from '../../core/errors.js';
import { claimLead } from '../../core/leads/claim-lead.js';
import { createLead } from '../../core/leads/create-lead.js';
import { recordMeetingOutcome } from '../../core/meetings/index.js';
import { passLead } from '../../core/leads/pass-lead.js';
import { checkRecordRenewal, recordRenewal } from '../../core/accounts/record-renewal.js';
import { checkChangeMeeting } from '../../core/meetings/change-meeting.js';
import { checkRecordDeal } from '../../core/deals/record-deal.js';
import type { ActionRef } from '../message.js';
import { ownerButtons } from '../render/lead-card.js';
import { renewalOutcome } from '../render/account-notices.js';
import { lostForm, wonForm } from '../forms/deal.js';
import { rescheduleForm } from '../forms/meeting.js';
import { renewalForms } from '../forms/renewal.js';
import { claimedReply, createdReply, takeStash } from './lead-replies.js';
import { kpiCommand } from './kpi-command.js';
import { say, type Session } from './session.js';
import type { ActionResult, Reply } from './types.js';

const toastOf = (r: Reply): string | undefined =>
  r.kind === 'message' ? r.message.summary.split('\n')[0]?.slice(0, 190) : undefined;

/** A button press: one use case, a toast for the presser, and maybe a reply or a form. */
export async function runAction(s: Session, a: ActionRef): Promise<ActionResult> {
  const core = s.deps.core;
  switch (a.id) {
    case 'lead.claim': {
      const r = await claimLead(core, { leadRef: a.ref }, s.ctx);
      const reply = claimedReply(s, r.lead, r.alreadyYours);
      return { toast: toastOf(reply), reply };
    }
    case 'lead.pass': {
      const lead = await passLead(core, { leadRef: a.ref }, s.ctx);
      const reply = say([s.kit.tr('reply.passed', { label: leadLabel(lead), company: lead.fields.company })]);
      return { toast: toastOf(reply), reply };
    }
    case 'meeting.held':
    case 'meeting.no_show': {
      const outcome = a.id === 'meeting.held' ? 'held' : 'no_show';
      const lead = await recordMeetingOutcome(core, { leadRef: a.ref, outcome }, s.ctx);
      const key = outcome === 'held' ? 'reply.outcome_held' : 'reply.outcome_no_show';
      const buttons = ownerButtons(s.kit, lead);
      const reply = say(
        [s.kit.tr(key, { company: lead.fields.company, label: leadLabel(lead) })],
        buttons.length ? [{ type: 'actions', buttons }] : [],
      );
      return { toast: toastOf(reply), reply };
    }
    // Forms open only when the person may do it and the lead or account is at that point (an old
    // button is refused at once, not after the form is filled in); submitting checks again.
    case 'meeting.reschedule': {
      const { lead } = await checkChangeMeeting(core, { leadRef: a.ref }, s.ctx);
      return { reply: { kind: 'form', form: rescheduleForm.build(s, lead) } };
    }
    case 'deal.won':
    case 'deal.lost': {
      const outcome = a.id === 'deal.won' ? 'won' : 'lost';
      const lead = await checkRecordDeal(core, { leadRef: a.ref, outcome }, s.ctx);
      return { reply: { kind: 'form', form: outcome === 'won' ? wonForm.build(s, lead) : lostForm.build(s, lead) } };
    }
    case 'renewal.on_it': {
      const acct = await recordRenewal(
        core,
        { accountId: a.ref, periodEnd: a.arg ?? '', action: { kind: 'on_it' } },
        s.ctx,
      );
      const reply = say([
        s.kit.tr('reply.renewal', { company: acct.company, outcome: renewalOutcome(s.kit, acct, a.arg) }),
      ]);
      return { toast: toastOf(reply), reply };
    }
    case 'renewal.renewed':
    case 'renewal.upsold':
    case 'renewal.churned': {
      const kind = a.id.slice('renewal.'.length) as 'renewed' | 'upsold' | 'churned';
      const known = await core.stores.accounts.get(a.ref);
      const periodEnd = a.arg ?? known?.contract.endDate ?? '';
      const acct = await checkRecordRenewal(core, { accountId: a.ref, periodEnd, kind }, s.ctx);
      return { reply: { kind: 'form', form: renewalForms[kind].build(s, acct, periodEnd) } };
    }
    case 'lead.create_anyway': {
      const input = await takeStash(s, a.ref);
      if (!input) throw new BatonError('LEAD_NOT_FOUND', 'draft not found', { ref: '' });
      const r = await createLead(core, { input, force: true }, { ...s.ctx, key: `draft:${a.ref}` });
      const reply = await createdReply(s, r, input);
      return { toast: toastOf(reply), reply };
    }
    case 'kpi.period':
      return { reply: await kpiCommand.run(s, `${a.arg ?? 'week'} ${a.ref === 'team' ? 'team' : ''}`) };
  }
}
