import { parseLeadSyntax } from '../commands/lead-syntax.js';
import { claimLead } from '../../core/use-cases/claim-lead.js';
import { createLead } from '../../core/use-cases/create-lead.js';
import { disqualifyLead } from '../../core/use-cases/disqualify-lead.js';
import { findLead } from '../../core/use-cases/lead-refs.js';
import { passLead } from '../../core/use-cases/pass-lead.js';
import { reassignLead } from '../../core/use-cases/reassign-lead.js';
import { recordLost } from '../../core/use-cases/record-deal.js';
import { leadLabel } from '../../core/leads/lead.js';
import { leadCard } from '../render/lead-card.js';
import { leadForm, lostForm, wonForm } from './form-builders.js';
import { helpFor } from './help.js';
import { homeMessage } from './home.js';
import { claimedReply, createdReply } from './lead-replies.js';
import { resolvePerson } from './mentions.js';
import { say, show, type Session } from './session.js';
import type { Reply } from './types.js';

const REF = /^(?:L-?|#)?\d{1,9}$/i;

/** `/lead …`: the quick syntax, the form, and sub-commands on an existing lead. */
export async function leadCommand(s: Session, raw: string): Promise<Reply> {
  const text = raw.trim();
  if (!text) return { kind: 'form', form: leadForm(s) };
  const [verb = '', ref = '', ...rest] = text.split(/\s+/);
  const v = verb.toLowerCase();
  if (['help', 'помощь', '?'].includes(v)) return helpFor(s, 'lead');
  if (['list', 'my', 'мои', 'список'].includes(v)) return show(await homeMessage(s));
  if (REF.test(ref)) {
    const reason = rest.join(' ');
    switch (v) {
      case 'show':
      case 'покажи':
        return show(await leadCard(s.kit, await findLead(s.deps.core, s.team.id, ref), 'dm'));
      case 'claim':
      case 'взять': {
        const r = await claimLead(s.deps.core, { leadRef: ref }, s.ctx);
        return claimedReply(s, r.lead, r.alreadyYours);
      }
      case 'pass':
      case 'отказ': {
        const lead = await passLead(s.deps.core, { leadRef: ref, ...(reason ? { reason } : {}) }, s.ctx);
        return say([s.kit.tr('reply.passed', { label: leadLabel(lead), company: lead.fields.company })]);
      }
      case 'dq':
      case 'disqualify':
      case 'дисквалифицировать': {
        const lead = await disqualifyLead(s.deps.core, { leadRef: ref, reason }, s.ctx);
        return say([
          s.kit.tr('reply.disqualified', { label: leadLabel(lead), company: lead.fields.company }),
        ]);
      }
      case 'reassign':
      case 'передать': {
        const [who = '', ...why] = rest;
        const target = await resolvePerson(s, who);
        const lead = await reassignLead(
          s.deps.core,
          { leadRef: ref, toPersonId: target.id, ...(why.length ? { reason: why.join(' ') } : {}) },
          s.ctx,
        );
        return say([
          s.kit.tr('reply.reassigned', {
            label: leadLabel(lead),
            company: lead.fields.company,
            who: target.name,
          }),
        ]);
      }
      case 'won':
      case 'выиграна':
        return { kind: 'form', form: wonForm(s, await findLead(s.deps.core, s.team.id, ref)) };
      case 'lost':
      case 'проиграна': {
        if (!reason) return { kind: 'form', form: lostForm(s, await findLead(s.deps.core, s.team.id, ref)) };
        const lead = await recordLost(s.deps.core, { leadRef: ref, reason }, s.ctx);
        return say([
          s.kit.tr('reply.lost', { label: leadLabel(lead), company: lead.fields.company, reason }),
        ]);
      }
    }
  }
  const input = parseLeadSyntax(text, s.team.leadSources, s.team.currency);
  const r = await createLead(s.deps.core, { input }, s.ctx);
  return createdReply(s, r, input);
}
