import { ConfigError, loadEnvFile } from '../config.js';
import { runCli } from './run.js';

/** `npm run baton -- <command>`: the operator CLI (see run.ts for the commands). */
let envFile: string | undefined;
try {
  envFile = loadEnvFile();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`baton: ${err.message}\n`);
  process.exit(1);
}
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, envFile });
process.exitCode = code;
