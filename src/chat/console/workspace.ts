import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { COMMAND_NAMES, commandNamed } from '../interactions/commands.js';
import type { Inbound, Reply } from '../interactions/types.js';
import { t } from '../i18n/i18n.js';
import { WORDS } from '../i18n/locales.js';
import { FormPrompter } from './form-prompter.js';
import { renderMessage } from './render-message.js';
import { indent } from './screen.js';
import { clockCommand, demoCommand, greeting, HELP, localeOf, whoIs, zoneOf } from './workspace-commands.js';
import type { WorkspaceDeps } from './workspace-deps.js';

export type Workspace = {
  /** Prints the welcome and picks who you are. */
  greet(): Promise<void>;
  /** Handles one typed line; 'quit' when the user asked to leave. */
  handle(line: string): Promise<'quit' | void>;
  /** The prompt for a terminal: who you are, or the form field being asked. */
  prompt(): string;
  /** Runs what is due and delivers every pending message. */
  settle(): Promise<void>;
  /**
   * Ctrl-C: stops a clock move in progress at its next stop (consistent: what was due so far has
   * happened and the clock is saved). False when no move is in progress.
   */
  interrupt(): boolean;
};

/** Who you are on a console nobody has used yet. */
const DEFAULT_HANDLE = 'you';

/** The OS account's full name (the passwd comment) or login, capitalised: "Dana Smith", "Root". */
function osAccountName(): string {
  try {
    const { username, uid } = userInfo();
    const entry = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .map((l) => l.split(':'))
      .find((f) => f[2] === String(uid));
    const full = entry?.[4]?.split(',')[0]?.trim();
    const name = full || username;
    return name ? name[0]!.toUpperCase() + name.slice(1) : 'Console user';
  } catch {
    return 'Console user';
  }
}

/**
 * The console workspace: a local team chat on the real bot. You act as any member (`as @anna`),
 * type the same commands as in Slack or Telegram, press numbered buttons and answer forms field
 * by field; everything goes through the one interaction layer, and everything the bot sends goes
 * through the outbox to the console sender. Business time only moves with `clock`.
 */
export function createWorkspace(deps: WorkspaceDeps): Workspace {
  const { app, screen, sender, board } = deps;
  const session = randomBytes(4).toString('hex');
  let seq = 0;
  let me = DEFAULT_HANDLE;
  let form: { prompter: FormPrompter; as: string } | undefined;
  let moving: AbortController | undefined;

  const operator = deps.operatorName ?? osAccountName();
  const inbound = (handle = me): Inbound => ({
    speaker: {
      address: `console:${handle}`,
      platform: 'console',
      username: handle,
      ...(handle === DEFAULT_HANDLE ? { name: operator } : {}),
    },
    key: `console:${session}:${++seq}`,
  });

  async function settle(): Promise<void> {
    // Messages another process recorded (the operator CLI's `digest now`) are delivered here too.
    await app.outbox.sweep();
    await app.jobs.runDue(deps.clock.now());
    await app.outbox.drain();
  }

  function show(reply: Reply, as: string): void {
    if (reply.kind === 'message') {
      const lines = renderMessage(reply.message, { board, style: screen.style, ...saveImage() }, as);
      screen.print(indent(lines));
    } else if (reply.kind === 'form') {
      if (reply.notice) screen.print(indent(renderMessage(reply.notice, { board, style: screen.style }, as)));
      const prompter = new FormPrompter(
        reply.form,
        {
          check: (field, value) => app.interactions.checkField(inbound(as), reply.form.id, field, value),
          submit: (values) => app.interactions.submit(inbound(as), reply.form.id, reply.form.ref, values),
        },
        screen,
      );
      form = { prompter, as };
      prompter.start();
    }
  }

  const saveImage = () => (deps.saveImage ? { saveImage: deps.saveImage } : {});

  /** Runs one interaction with the bot's notices held back until its answer is printed. */
  async function interact(run: () => Promise<boolean | void>): Promise<void> {
    sender.hold();
    let wrote: boolean | void;
    try {
      wrote = await run();
    } finally {
      sender.release();
    }
    if (wrote !== false) await settle();
  }

  async function answerForm(line: string): Promise<void> {
    const current = form!;
    await interact(async () => {
      const r = await current.prompter.answer(line);
      if (r === 'more') return false;
      form = undefined;
      if (r === 'cancelled') return;
      if (r.kind === 'done') show(r.reply, current.as);
    });
  }

  async function press(n: number): Promise<void> {
    const entry = board.get(n);
    if (!entry) return screen.print(t(await localeOf(deps, me), 'console.no_button', { n }));
    if (entry.dmOf && entry.dmOf !== me)
      screen.print(screen.style.dim(`(that button was in @${entry.dmOf}'s DM; pressing it as @${me})`));
    await interact(async () => {
      const res = await app.interactions.action(inbound(), entry.action);
      if (res.reply.kind === 'message') show(res.reply, me);
      else if (res.toast) screen.print(indent([res.refused ? screen.style.red(res.toast) : res.toast]));
      if (res.reply.kind === 'form') show(res.reply, me);
    });
  }

  async function slash(line: string): Promise<void> {
    const m = /^\/(\S+)\s*([\s\S]*)$/.exec(line)!;
    const name = m[1]!.toLowerCase();
    const command = commandNamed(name);
    if (!command)
      return screen.print(
        t(await localeOf(deps, me), 'console.unknown_command', {
          name,
          known: COMMAND_NAMES.map((c) => `/${c}`).join(' '),
        }),
      );
    await interact(async () => show(await app.interactions.command(inbound(), command.name, m[2]!), me));
  }

  return {
    settle,
    interrupt() {
      if (!moving || moving.signal.aborted) return false;
      moving.abort();
      return true;
    },
    prompt: () => (form ? '  > ' : `baton @${me}> `),
    async greet() {
      me = await greeting(deps);
    },
    async handle(raw) {
      const line = raw.trim();
      if (form && line.startsWith('/')) {
        // A command ends the open form (nothing of it is sent) and then runs as typed.
        form.prompter.cancelForCommand();
        form = undefined;
      }
      if (form) return void (await answerForm(raw));
      if (!line || line.startsWith('#')) return;
      const [word = '', ...rest] = line.split(/\s+/);
      const arg = rest.join(' ');
      // Help in any language's words; the workspace's own commands are English.
      switch (WORDS.help.includes(word.toLowerCase()) ? 'help' : word.toLowerCase()) {
        case 'quit':
        case 'exit':
          return 'quit';
        case 'help':
          return void screen.print(HELP);
        case 'echo':
          return void screen.print(arg);
        case 'as':
          if (arg) me = arg.replace(/^@/, '').toLowerCase();
          return void screen.print(await whoIs(deps, me));
        case 'whoami':
          return void screen.print(await whoIs(deps, me));
        case 'press':
          return press(Number(arg));
        case 'home':
          return interact(async () => {
            const message = await app.interactions.home(inbound());
            show({ kind: 'message', message, visibility: 'ephemeral' }, me);
          });
        case 'clock': {
          moving = new AbortController();
          try {
            return await clockCommand(deps, arg, await zoneOf(deps, me), settle, moving.signal);
          } finally {
            moving = undefined;
          }
        }
        case 'demo': {
          const founder = await demoCommand(deps, settle);
          if (founder) me = founder;
          return;
        }
      }
      if (/^\d+$/.test(line)) return press(Number(line));
      if (line.startsWith('/')) return slash(line);
      screen.print(t(await localeOf(deps, me), 'console.unknown_word', { word }));
    },
  };
}
