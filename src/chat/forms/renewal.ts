import type { Account, RenewalAction } from '../../core/accounts/account.js';
import { BatonError } from '../../core/errors.js';
import { minorDigits } from '../../core/money.js';
import { recordRenewal } from '../../core/accounts/record-renewal.js';
import { say } from '../interactions/session.js';
import { renewalOutcome } from '../render/account-notices.js';
import { field, one, probe, withLocale, type FormSpec } from './spec.js';
import { moneyCheck, moneyFrom, termFrom } from './values.js';

type Kind = 'renewed' | 'upsold' | 'churned';
type Input = { accountId: string; periodEnd: string; action: RenewalAction };

/**
 * The three renewal forms (a nudge's Renewed, Upsold and Churned buttons). The ref carries the
 * account and the period the nudge was about: `<account id>|<period end>`.
 */
function renewalForm<K extends Kind>(kind: K): FormSpec<`renewal.${K}`, Input, [Account, string]> {
  const id = `renewal.${kind}` as const;
  const spec: FormSpec<`renewal.${K}`, Input, [Account, string]> = {
    id,
    build(s, account, periodEnd) {
      const base = {
        id,
        ref: `${account.id}|${periodEnd}`,
        intro: account.company,
        title: s.kit.tr(`form.renewal.${kind}.title`),
        submitLabel: s.kit.tr('form.renewal.submit'),
      };
      if (kind === 'churned')
        return withLocale(s, { ...base, fields: [field(s, 'reason', 'textarea', true, { maxLength: 500 })] });
      const cur = account.contract.value;
      const current = String(cur.amount / 10 ** minorDigits(cur.currency));
      return withLocale(s, {
        ...base,
        fields: [
          field(
            s,
            kind === 'upsold' ? 'added' : 'amount',
            'money',
            true,
            kind === 'renewed' ? { initial: current } : {},
          ),
          field(s, 'currency', 'text', true, { initial: cur.currency, maxLength: 3 }),
          field(s, 'termMonths', 'number', false, { initial: String(account.contract.termMonths) }),
        ],
      });
    },
    async parse(s, v, ref) {
      const [accountId = '', periodEnd = ''] = (ref ?? '').split('|');
      const acct = await s.deps.core.stores.accounts.get(accountId);
      if (!acct) throw new BatonError('ACCOUNT_NOT_FOUND', 'not found', {});
      const cur = acct.contract.value.currency;
      const termMonths = termFrom(v, false);
      const term = termMonths ? { termMonths } : {};
      const action: RenewalAction =
        kind === 'churned'
          ? { kind: 'churned', reason: one(v.reason) }
          : kind === 'renewed'
            ? { kind: 'renewed', value: moneyFrom(v, 'amount', cur), ...term }
            : { kind: 'upsold', added: moneyFrom(v, 'added', cur), ...term };
      return { accountId, periodEnd, action };
    },
    async submit(s, input) {
      const updated = await recordRenewal(s.deps.core, input, s.ctx);
      return say([
        s.kit.tr('reply.renewal', {
          company: updated.company,
          outcome: renewalOutcome(s.kit, updated, input.periodEnd),
        }),
      ]);
    },
    fields: {
      amount: 'amount',
      added: 'added',
      currency: 'currency',
      termMonths: 'termMonths',
      reason: 'reason',
    },
    check(s, fieldId, value) {
      const money = moneyCheck(s, fieldId, value);
      if (money) return probe(s, spec.fields, fieldId, money.run);
      if (kind === 'churned' && fieldId === 'reason' && !value) return s.kit.tr('issue.required');
      return null;
    },
  };
  return spec;
}

export const renewedForm = renewalForm('renewed');
export const upsoldForm = renewalForm('upsold');
export const churnedForm = renewalForm('churned');

/** The renewal form for a nudge's button. */
export const renewalForms = { renewed: renewedForm, upsold: upsoldForm, churned: churnedForm };
