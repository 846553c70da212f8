/**
 * KPIs and the forecast, computed from domain objects without any platform or database:
 * periods (`period.ts`), per-role numbers (`sdr.ts`, `ae.ts`, `am.ts`), the funnel, the forecast,
 * and the one-pass accumulator that builds person and team reports.
 */
export * from './accumulator.js';
export * from './ae.js';
export * from './definitions.js';
export * from './am.js';
export * from './forecast.js';
export * from './forecast-tally.js';
export * from './funnel.js';
export * from './period.js';
export * from './report.js';
export * from './sdr.js';
export * from './stats.js';
