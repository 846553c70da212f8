// Builds (or confirms) the embedded FerretDB server: `npm run build:db`. `npm start` and `npm test`
// do this on first need; this script only makes the step visible and timed.
import { ensureEmbeddedDbBinary, embeddedDbBinary } from '../src/store/embedded-db.js';

const ms = ensureEmbeddedDbBinary((m) => console.log(m));
console.log(
  ms > 0 ? `built ${embeddedDbBinary} in ${(ms / 1000).toFixed(1)} s` : `${embeddedDbBinary} is up to date`,
);
