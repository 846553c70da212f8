import { leadLabel } from '../../core/leads/lead.js';
import { passLead } from '../../core/leads/pass-lead.js';
import { say } from '../interactions/session.js';
import { one, type SubmitOnlySpec } from './spec.js';

/**
 * Passing a lead with a reason. Nothing opens this form (the Pass button passes at once and
 * `/lead pass L-12 reason` takes the reason inline); a submitted one is still honoured.
 */
export const passForm: SubmitOnlySpec<'pass', { reason?: string }> = {
  id: 'pass',
  build: null,
  parse(_s, v) {
    const reason = one(v.reason);
    return reason ? { reason } : {};
  },
  async submit(s, input, ref) {
    const lead = await passLead(s.deps.core, { leadRef: ref ?? '', ...input }, s.ctx);
    return say([s.kit.tr('reply.passed', { label: leadLabel(lead), company: lead.fields.company })]);
  },
  fields: {},
  check: () => null,
};
