import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  await globalThis.__BATON_TEST_DB__?.stop();
  const dir = process.env.BATON_TEST_DB_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
