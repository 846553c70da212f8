// Builds (or confirms) the embedded FerretDB server: `npm run build:db`. `npm start` and `npm test`
// do this on first need; this script only makes the step visible and timed.
import { terminalBuildProgress } from '../src/store/build-progress.js';
import { ensureEmbeddedDbBinary, embeddedDbBinary } from '../src/store/embedded-db.js';

const ms = await ensureEmbeddedDbBinary(() => {}, { progress: terminalBuildProgress(process.stdout) });
console.log(ms > 0 ? `built ${embeddedDbBinary}` : `${embeddedDbBinary} is up to date`);
