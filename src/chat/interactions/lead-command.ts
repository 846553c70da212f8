import { parseLeadCommand } from '../parsers/lead-command-syntax.js';
import { withAmount } from '../parsers/lead-syntax.js';
import { claimLead } from '../../core/leads/claim-lead.js';
import { createLead } from '../../core/leads/create-lead.js';
import { disqualifyLead } from '../../core/leads/disqualify-lead.js';
import { findLead } from '../../core/leads/lead-refs.js';
import { passLead } from '../../core/leads/pass-lead.js';
import { reassignLead } from '../../core/leads/reassign-lead.js';
import { checkRecordDeal, recordLost } from '../../core/deals/record-deal.js';
import { assertCan } from '../../core/roster/permissions.js';
import { leadLabel } from '../../core/leads/lead.js';
import { leadCard, lossLabel } from '../render/lead-card.js';
import { lostForm, wonForm } from '../forms/deal.js';
import { leadForm } from '../forms/lead.js';
import { helpFor } from './help.js';
import { homeMessage } from './home.js';
import { claimedReply, createdReply } from './lead-replies.js';
import { resolvePerson } from './mentions.js';
import type { CommandSpec } from './command-spec.js';
import { say, show, type Session } from './session.js';
import type { Reply } from './types.js';

/** `/lead`: log a lead (the quick syntax, or with no text the form), or act on one. */
export const leadCommand = {
  name: 'lead',
  menu: 'command.lead.menu',
  slash: { description: 'command.lead.slash', usage: 'command.lead.usage' },
  run: runLead,
} satisfies CommandSpec<'lead'>;

/** `/lead …`: the quick syntax, the form, and sub-commands on an existing lead. */
async function runLead(s: Session, raw: string): Promise<Reply> {
  const intent = parseLeadCommand(raw, s.team);
  const core = s.deps.core;
  switch (intent.kind) {
    case 'form':
      // Asked before the form, not after it is filled in (and again when it is submitted).
      assertCan(s.person, 'lead.create');
      return { kind: 'form', form: leadForm.build(s) };
    case 'help':
      return helpFor(s, 'lead');
    case 'list':
      return show(await homeMessage(s));
    case 'show':
      return show(await leadCard(s.kit, await findLead(core, s.team.id, intent.ref), 'dm'));
    case 'claim': {
      const r = await claimLead(core, { leadRef: intent.ref }, s.ctx);
      return claimedReply(s, r.lead, r.alreadyYours);
    }
    case 'pass': {
      const { ref, reason } = intent;
      const lead = await passLead(core, { leadRef: ref, ...(reason ? { reason } : {}) }, s.ctx);
      return say([s.kit.tr('reply.passed', { label: leadLabel(lead), company: lead.fields.company })]);
    }
    case 'dq': {
      const lead = await disqualifyLead(core, { leadRef: intent.ref, reason: intent.reason }, s.ctx);
      return say([s.kit.tr('reply.disqualified', { label: leadLabel(lead), company: lead.fields.company })]);
    }
    case 'reassign': {
      const target = await resolvePerson(s, intent.who);
      const lead = await reassignLead(
        core,
        { leadRef: intent.ref, toPersonId: target.id, ...(intent.reason ? { reason: intent.reason } : {}) },
        s.ctx,
      );
      return say([
        s.kit.tr('reply.reassigned', { label: leadLabel(lead), company: lead.fields.company, who: target.name }),
      ]);
    }
    case 'won':
      return { kind: 'form', form: wonForm.build(s, await checkRecordDeal(core, { leadRef: intent.ref, outcome: 'won' }, s.ctx)) };
    case 'lost': {
      if (!intent.reason)
        return {
          kind: 'form',
          form: lostForm.build(s, await checkRecordDeal(core, { leadRef: intent.ref, outcome: 'lost' }, s.ctx)),
        };
      const lead = await recordLost(core, { leadRef: intent.ref, reason: intent.reason }, s.ctx);
      return say([
        s.kit.tr('reply.lost', {
          label: leadLabel(lead),
          company: lead.fields.company,
          reason: lossLabel(s.kit, lead.deal?.reason ?? ''),
        }),
      ]);
    }
    case 'create': {
      const input = withAmount(intent.input, s.team.currency);
      const r = await createLead(core, { input }, s.ctx);
      return createdReply(s, r, input);
    }
  }
}
