import { DateTime } from 'luxon';
import type { Money } from '../money.js';

export type ContractPeriod = {
  value: Money;
  termMonths: number;
  /** ISO dates (YYYY-MM-DD), in the team's calendar. */
  startDate: string;
  endDate: string;
};

export type RenewalState = 'pending' | 'on_it' | 'renewed' | 'upsold' | 'churned';

export type RenewalAction =
  | { kind: 'on_it' }
  | { kind: 'renewed'; value: Money; termMonths?: number }
  | { kind: 'upsold'; added: Money; termMonths?: number }
  | { kind: 'churned'; reason: string };

export type RenewalRecord = {
  /** End date of the period this renewal decided. */
  periodEnd: string;
  action: RenewalAction['kind'];
  by: string;
  at: Date;
  previousValue: Money;
  newValue?: Money;
  reason?: string;
};

export type Account = {
  id: string;
  teamId: string;
  leadId: string;
  company: string;
  domain?: string;
  aeId: string;
  amId?: string;
  handoffNote?: string;
  /** The contract period now running. */
  contract: ContractPeriod;
  /** Renewal state of the current period. */
  renewalState: RenewalState;
  renewals: RenewalRecord[];
  status: 'active' | 'churned';
  churnedAt?: Date;
  /** A manager was told about unanswered nudges for this period (once). */
  escalatedFor?: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
  demo?: boolean;
};

/** The contract's last day: start + term − 1 day. */
export function contractEnd(startDate: string, termMonths: number): string {
  return DateTime.fromISO(startDate).plus({ months: termMonths }).minus({ days: 1 }).toISODate() ?? startDate;
}
