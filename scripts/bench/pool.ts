/** Runs `fn(0..total-1)` with at most `concurrency` calls in flight; resolves with the wall time in ms. */
export async function runPool(
  total: number,
  concurrency: number,
  fn: (i: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return performance.now() - started;
}

/** A silent logger for the application under benchmark (pino at level silent). */
export { createLogger } from '../../src/logger.js';
