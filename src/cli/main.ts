import { runCli } from './run.js';

/** `npm run baton -- <command>`: the operator CLI (see run.ts for the commands). */
const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
