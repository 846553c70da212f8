// `npm run baton -- <command>`: the operator CLI, from dist/ like the bot (no dev dependencies needed).
import { runBuilt } from './build-if-changed.js';

await runBuilt('cli/main.js');
