/**
 * A crisis conversation end to end through the console front ends: the interactive console
 * (`runConsole` on PassThrough streams, one reply per prompt) and the JSON chat CLI
 * (`npm run --silent chat -- --json`, one JSON line per input line, in its own process).
 * Replies are read as the person sees them: plain text, banner first, then 【title】.
 */
import { spawnSync } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../src/adapters/console/console-chat.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { SUPPORT_TURNS } from '../../src/core/safety.js';
import { ROOT } from '../../src/kb/load.js';
import {
  answerTitles,
  asksAboutSafety,
  crisisTitles,
  echoedRun,
  firstEmergencyNumber,
  LINES,
  menuMarks,
  PRACTICAL_TOPICS,
  SAYS,
  showsAllLines,
} from '../support/crisis-dialogue.js';
import { waitFor } from '../support/wait.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

/** One reply as printed. */
interface Shown {
  text: string;
  lines: string[];
  /** The first line printed (the banner, or the 【title】). */
  firstLine: string;
  /** The reply's title, without the 【】. */
  title: string;
}

function shown(text: string): Shown {
  const lines = text.trim().split('\n');
  const titleLine = lines.find((l) => /^【.*】$/u.test(l)) ?? '';
  return { text, lines, firstLine: lines[0], title: titleLine.slice(1, -1) };
}

/** A running console; `chat` types lines one by one and returns each reply (the text before the next prompt). */
function startConsole() {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = '';
  output.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const done = runConsole(new Assistant(brain), input, output);
  // A prompt follows the opening menu and every reply.
  const segments = (): string[] => printed.split('\n> ');
  async function say(line: string): Promise<Shown> {
    await waitFor(() => segments().length >= 2, 30_000, () => `the opening menu: ${printed}`);
    const before = segments().length - 1;
    input.write(`${line}\n`);
    await waitFor(() => segments().length - 1 > before, 30_000, () => `a reply to ${JSON.stringify(line)}: ${printed}`);
    return shown(segments()[before]);
  }
  return {
    async chat(lines: readonly string[]): Promise<Shown[]> {
      const out: Shown[] = [];
      for (const line of lines) out.push(await say(line));
      return out;
    },
    async end(): Promise<void> {
      input.end();
      await done;
    },
  };
}

/** Types `lines` into a fresh console, then closes it. */
async function consoleChat(lines: readonly string[]): Promise<Shown[]> {
  const c = startConsole();
  const out = await c.chat(lines);
  await c.end();
  return out;
}

/** Fails when the reply looks like the feature menu (its numbered choices or its title). */
function expectNotTheMenu(t: Shown): void {
  const labels = brain.kb.common.menu.map((m) => m.label);
  expect(t.lines.filter((l) => labels.some((label) => l.endsWith(`] ${label}`))), 'menu choices').toEqual([]);
  expect(t.title).not.toBe(menuMarks(brain).title);
}

const supportTitle = (): string => brain.kb.safety.texts.support.title;

describe('console chat (streams): a crisis conversation', () => {
  it('GIVEN danger now ("我已经吃了一整瓶药") THEN the reply opens with 110/120, shows 12356 after them, and is not the menu', async () => {
    const [t] = await consoleChat([SAYS.urgent]);
    expect(firstEmergencyNumber(t.firstLine), t.firstLine).toBeGreaterThanOrEqual(0);
    expect(t.text).toContain(LINES.psych);
    expect(firstEmergencyNumber(t.text)).toBeLessThan(t.text.indexOf(LINES.psych));
    expect(crisisTitles(brain)).toContain(t.title);
    expectNotTheMenu(t);
  });

  it('GIVEN a crisis THEN pushback on the next turn gets a supportive reply: asks about safety, keeps 110/120/12356, not the menu, worded differently', async () => {
    const [crisis, pushback] = await consoleChat([SAYS.crisis, SAYS.pushback[0]]);
    expect(showsAllLines(crisis.text)).toBe(true);
    expect(pushback.title, pushback.text).toBe(supportTitle());
    expect(asksAboutSafety(pushback.text), pushback.text).toBe(true);
    expect(showsAllLines(pushback.text), pushback.text).toBe(true);
    expectNotTheMenu(pushback);
    expect(pushback.text).not.toBe(crisis.text);
  });

  it('GIVEN pushback after pushback ("你别劝我了", "没用的", "别管我") THEN every reply asks about safety and keeps the lines, and no reply repeats the one before', async () => {
    const turns = await consoleChat([SAYS.crisis, ...SAYS.pushback]);
    for (const [i, t] of turns.slice(1).entries()) {
      const said = SAYS.pushback[i];
      expect(t.title, said).toBe(supportTitle());
      expect(showsAllLines(t.text), `${said} → ${t.text}`).toBe(true);
      expect(asksAboutSafety(t.text), `${said} → ${t.text}`).toBe(true);
      expectNotTheMenu(t);
      expect(t.text, said).not.toBe(turns[i].text);
    }
  });

  it('GIVEN danger now THEN the pushback reply still opens with 110/120 and is not the danger-now reply again word for word', async () => {
    const [urgent, pushback] = await consoleChat([SAYS.urgent, SAYS.pushback[0]]);
    expect(firstEmergencyNumber(pushback.firstLine), pushback.text).toBeGreaterThanOrEqual(0);
    expect(pushback.title, pushback.text).toBe(supportTitle());
    expect(asksAboutSafety(pushback.text), pushback.text).toBe(true);
    expectNotTheMenu(pushback);
    expect(pushback.text).not.toBe(urgent.text);
  });

  it('GIVEN a practical question after a crisis ("那我该怎么办，钱真的还不上") THEN the help line is on top of an answer about the debt — not a supportive reply, a clarifying question or the menu', async () => {
    const [ordinary] = await consoleChat([SAYS.ordinary]);
    expect(ordinary.firstLine, 'an ordinary answer has no help line on top').not.toContain(LINES.psych);
    const [, , practical] = await consoleChat([SAYS.crisis, SAYS.pushback[0], SAYS.practical]);
    expect(practical.firstLine).toContain(LINES.psych);
    expect(firstEmergencyNumber(practical.firstLine)).toBeGreaterThanOrEqual(0);
    expect(practical.lines[2], 'the title comes right under the help line').toBe(`【${practical.title}】`);
    expect(answerTitles(brain, PRACTICAL_TOPICS), practical.text).toContain(practical.title);
    expectNotTheMenu(practical);
  });

  it('GIVEN the person says they are better and asks something THEN it is answered with the line on top once, and the next ordinary question gets the ordinary answer', async () => {
    const [freshMovingOn, freshOrdinary] = await consoleChat([SAYS.movingOn, SAYS.ordinary]);
    const [, movingOn, ordinary] = await consoleChat([SAYS.urgent, SAYS.movingOn, SAYS.ordinary]);
    expect(movingOn.firstLine).toContain(LINES.psych);
    expect(movingOn.text.endsWith(freshMovingOn.text)).toBe(true);
    expect(ordinary.text).toBe(freshOrdinary.text);
  });

  it(`GIVEN ${SUPPORT_TURNS} more turns after a crisis THEN each keeps the help lines, and the turn after gets the ordinary answer again`, async () => {
    const [fresh] = await consoleChat([SAYS.ordinary]);
    expect(fresh.text).not.toContain(LINES.psych);
    const during = Array.from({ length: SUPPORT_TURNS }, (_, i) => (i % 2 === 0 ? SAYS.ordinary : SAYS.pushback[1]));
    const turns = await consoleChat([SAYS.crisis, ...during, SAYS.ordinary]);
    for (const [i, t] of turns.slice(1, -1).entries()) expect(t.text, `turn ${i + 1}: ${during[i]}`).toContain(LINES.psych);
    expect(turns[turns.length - 1].text).toBe(fresh.text);
  });

  it('GIVEN distress ("每天被催收，我快崩溃了") THEN a warm line with 12356 is on top, then the way forward, neither a crisis reply nor the menu', async () => {
    const [t] = await consoleChat([SAYS.distress]);
    expect(t.firstLine).toContain(LINES.psych);
    expect(crisisTitles(brain)).not.toContain(t.title);
    expect(t.lines.some((l) => /^\[1\] /u.test(l)), 'numbered ways forward').toBe(true);
    expectNotTheMenu(t);
  });

  it.each(SAYS.casual)('GIVEN the casual "%s" THEN it is not answered as a crisis', async (text) => {
    const [t] = await consoleChat([text]);
    expect(crisisTitles(brain), `${text} → ${t.text}`).not.toContain(t.title);
  });
});

interface ChatLine {
  intent: string | null;
  text: string;
  followUps: Array<{ id: string; label: string }>;
}

/** Variables of the test's own environment that would change what the CLI does (as in npm-process.ts). */
const INHERITED_OUT = /^(TELEGRAM_|DISCORD_|STORE_URL|LOG_LEVEL|npm_)/u;

/** `npm run --silent chat -- --json` with one input per line. */
function chatJson(lines: readonly string[]): { code: number | null; replies: ChatLine[]; stderr: string } {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !INHERITED_OUT.test(k)));
  const r = spawnSync('npm', ['run', '--silent', 'chat', '--', '--json'], { cwd: ROOT, env, input: `${lines.join('\n')}\n`, encoding: 'utf8', timeout: 120_000 });
  const replies = r.stdout.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as ChatLine);
  return { code: r.status, replies, stderr: r.stderr };
}

describe('chat CLI --json: a crisis conversation in one process', () => {
  const said = [SAYS.urgent, SAYS.pushback[0], SAYS.movingOn, SAYS.ordinary, SAYS.casual[0]];
  let run: ReturnType<typeof chatJson>;
  let replies: Array<ChatLine & Shown>;
  beforeAll(() => {
    run = chatJson(said);
    replies = run.replies.map((r) => ({ ...r, ...shown(r.text) }));
  }, 150_000);

  it('GIVEN the conversation on stdin THEN it exits 0 with one JSON line per input line', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(replies).toHaveLength(said.length);
  });

  it('GIVEN danger now THEN the first line names 110/120, before 12356', () => {
    const [urgent] = replies;
    expect(firstEmergencyNumber(urgent.firstLine), urgent.text).toBeGreaterThanOrEqual(0);
    expect(firstEmergencyNumber(urgent.text)).toBeLessThan(urgent.text.indexOf(LINES.psych));
  });

  it('GIVEN pushback next THEN a supportive reply that asks about safety and keeps the lines, with none of the menu\'s follow-ups', () => {
    const [urgent, pushback] = replies;
    expect(pushback.title, pushback.text).toBe(supportTitle());
    expect(asksAboutSafety(pushback.text), pushback.text).toBe(true);
    expect(showsAllLines(pushback.text)).toBe(true);
    expect(pushback.followUps.filter((f) => menuMarks(brain).ids.includes(f.id))).toEqual([]);
    expect(pushback.text).not.toBe(urgent.text);
  });

  it('GIVEN the person moving on THEN the line is on top once, and the ordinary question after it gets no line on top', () => {
    const [, , movingOn, ordinary] = replies;
    expect(movingOn.firstLine).toContain(LINES.psych);
    expect(ordinary.intent).toBe('legality');
    expect(ordinary.firstLine).not.toContain(LINES.psych);
  });

  it('GIVEN the casual "累死了，今天又被催了" THEN it is not answered as a crisis', () => {
    const casual = replies[4];
    expect(crisisTitles(brain), casual.text).not.toContain(casual.title);
  });

  it('GIVEN the whole conversation THEN stderr (the CLI\'s log) carries none of the words the person wrote', () => {
    for (const text of said) expect(echoedRun(run.stderr, text, Math.min(3, [...text].length)), text).toBeUndefined();
  });
});
