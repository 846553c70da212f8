// `npm run gen:slack-manifest`: writes the slash commands of the Slack app manifest
// (src/chat/slack/manifest.json, the file people paste into Slack) from the command specs, so a
// command added to `COMMANDS` reaches the manifest without copying its words by hand.
// test/chat/slack/manifest.test.ts fails while the file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { manifestSlashCommands } from '../src/chat/slack/manifest.js';

const path = fileURLToPath(new URL('../src/chat/slack/manifest.json', import.meta.url));
const manifest = JSON.parse(readFileSync(path, 'utf8')) as { features: { slash_commands: unknown } };
manifest.features.slash_commands = manifestSlashCommands();
const text = await format(JSON.stringify(manifest, null, 2), {
  ...(await resolveConfig(path)),
  filepath: path,
});
writeFileSync(path, text);
console.log(`wrote ${manifestSlashCommands().length} slash commands to ${path}`);
