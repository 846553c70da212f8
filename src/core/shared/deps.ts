import type { Clock } from '../clock.js';
import type { Notifier } from '../notices.js';
import type { Stores, Timers } from '../ports.js';
import type { Locale } from '../roster/team.js';

/** Everything a use case may touch. Built once in the composition root. */
export type CoreDeps = {
  stores: Stores;
  notifier: Notifier;
  timers: Timers;
  clock: Clock;
  defaults: { timezone: string; locale: Locale };
};
