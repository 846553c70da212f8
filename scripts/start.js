// `npm start`: compiles only when src/ changed since the last build, then runs the bot from dist/.
import { runBuilt } from './build-if-changed.js';

await runBuilt('main.js');
