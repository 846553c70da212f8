/**
 * Benchmark knobs, from the environment (scripts may read their own env; `src/` never does):
 * - BENCH_ONLY: comma-separated subset, e.g. `B1,B3` (default: all);
 * - BENCH_ROUNDS: alternating rounds per measurement (default 5; medians are reported);
 * - BENCH_QUICK=1: fewer requests and the KPI sizes 1k/10k only (a smoke run);
 * - BENCH_KPI_SIZES: B5's history sizes, the smallest and the largest count (default `1000,100000`);
 * - BENCH_DB: `sqlite` (default) or `postgres`: the embedded FerretDB over SQLite files, or over a
 *   fresh PostgreSQL database created for the run and dropped after it;
 * - BENCH_POSTGRES_ADMIN_URL: where BENCH_DB=postgres creates that database (default
 *   `postgres://postgres@127.0.0.1:5432/postgres`);
 * - BENCH_CARD_TIMEOUT_S: how long B1/B2 wait for one card before calling it lost (default 300: at
 *   c=50 on a loaded 2-core machine a card can take a minute);
 * - MONGODB_URI: benchmark a MongoDB server instead of the embedded FerretDB.
 */
export type Knobs = {
  only: Set<string>;
  rounds: number;
  quick: boolean;
  kpiSizes: number[];
  /** B1/B2: [concurrency, requests] per measured level. */
  latencyLevels: [number, number][];
  /** B1/B2: a card not posted within this many ms is lost, and the run fails. */
  cardTimeoutMs: number;
  /** The embedded FerretDB's storage (ignored with `mongodbUri`). */
  db: 'sqlite' | 'postgres';
  postgresAdminUrl: string;
  mongodbUri?: string;
};

export function readKnobs(env: Record<string, string | undefined> = process.env): Knobs {
  const quick = env.BENCH_QUICK === '1';
  const db = (env.BENCH_DB ?? 'sqlite').trim().toLowerCase();
  if (db !== 'sqlite' && db !== 'postgres')
    throw new Error(`BENCH_DB must be sqlite or postgres, not "${db}"`);
  if (db === 'postgres' && env.MONGODB_URI)
    throw new Error('BENCH_DB=postgres and MONGODB_URI: set one of them');
  const only = new Set(
    (env.BENCH_ONLY ?? 'B1,B2,B3,B4,B5,B6')
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean),
  );
  const rounds = Math.max(1, Number(env.BENCH_ROUNDS ?? (quick ? 2 : 5)) || 5);
  const kpiSizes = (env.BENCH_KPI_SIZES ?? (quick ? '1000,10000' : '1000,10000,100000'))
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0);
  const latencyLevels: [number, number][] = quick
    ? [
        [1, 10],
        [10, 30],
        [50, 50],
      ]
    : [
        [1, 15],
        [10, 40],
        [50, 100],
      ];
  return {
    only,
    rounds,
    quick,
    kpiSizes,
    latencyLevels,
    cardTimeoutMs: (Number(env.BENCH_CARD_TIMEOUT_S ?? 300) || 300) * 1000,
    db,
    postgresAdminUrl: env.BENCH_POSTGRES_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    ...(env.MONGODB_URI ? { mongodbUri: env.MONGODB_URI } : {}),
  };
}
