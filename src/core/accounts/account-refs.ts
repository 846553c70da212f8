import { BatonError } from '../errors.js';
import type { CoreDeps } from '../shared/deps.js';
import type { Account } from './account.js';

export const accountNotFound = (id: string) => () =>
  new BatonError('ACCOUNT_NOT_FOUND', `account ${id} not found`, { accountId: id });

/** The team's account with this id; another team's account is not found, as a missing one. */
export async function findAccount(deps: CoreDeps, teamId: string, id: string): Promise<Account> {
  const account = await deps.stores.accounts.get(id);
  if (!account || account.teamId !== teamId) throw accountNotFound(id)();
  return account;
}
