// Accounts stored directly (the deal flow is tested in test/core): enough for renewal jobs.
import type { Account } from '../../src/core/accounts/account.js';
import type { CoreDeps } from '../../src/core/shared/deps.js';

export async function insertAccounts(
  deps: CoreDeps,
  opts: { teamId: string; aeId: string; amIds: string[]; count: number; endDate: string; now: Date },
): Promise<Account[]> {
  const out: Account[] = [];
  for (let i = 0; i < opts.count; i++) {
    const a: Account = {
      id: `acc_${i}`,
      teamId: opts.teamId,
      leadId: `lead_${i}`,
      company: `Customer ${i}`,
      aeId: opts.aeId,
      amId: opts.amIds[i % opts.amIds.length]!,
      contract: {
        value: { amount: 1_000_000, currency: 'EUR' },
        termMonths: 12,
        startDate: '2026-01-01',
        endDate: opts.endDate,
      },
      renewalState: 'pending',
      renewals: [],
      status: 'active',
      createdAt: opts.now,
      updatedAt: opts.now,
      version: 0,
    };
    await deps.stores.accounts.insert(a, { type: 'account.created', source: 'cli', at: opts.now });
    out.push(a);
  }
  return out;
}
