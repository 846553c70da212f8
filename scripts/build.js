// `npm run build`: compiles src/ into dist/ and records which sources it compiled, so npm start
// and npm run baton know the build is current.
import { build } from './build-if-changed.js';

try {
  build({ force: true });
} catch (err) {
  process.stderr.write(`${err.message}\n`);
  process.exitCode = 1;
}
