/**
 * A crisis conversation end to end through the Discord front end, on REAL discord.js
 * structures (harness.ts): DMs and @-mentions go in as MESSAGE_CREATE, `/ask` as
 * INTERACTION_CREATE, and what the bot sent is read back from the recorded REST bodies. Every
 * payload is checked against Discord's limits (allowed_mentions { parse: [] } included).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import type { Brain } from '../../src/core/respond.js';
import { SUPPORT_TURNS } from '../../src/core/safety.js';
import { SendBudget } from '../../src/core/send-budget.js';
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
import { expectWithinLimits, type MessageJson } from './assert-limits.js';
import { createHarness, destroyAfterEach, IDS, rawMessage, rawSlash, rawUser, type Harness, type Json } from './harness.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const keep = destroyAfterEach();
/** A harness whose own limits never get in the way of a long conversation, answering without deferring. */
function harness(): Harness {
  return keep(
    createHarness(brain, new Assistant(brain), {
      limiter: new RateLimiter({ capacity: 1000, refillPerSecond: 1000 }),
      channelBudget: new SendBudget({ windows: [{ limit: 1000, ms: 1000 }] }),
      deferAfterMs: 60_000,
    }),
  );
}

const member = rawUser(IDS.member, 'member');
const bot = rawUser(IDS.bot, 'helper-bot', true);

/** One turn as the person sees it. */
interface Shown {
  payloads: Array<MessageJson & { message_reference?: { message_id: string } }>;
  /** Every text of the turn (content, embed titles, descriptions, fields, footers), joined. */
  all: string;
  /** The first embed's title: what the message shows first (after any content). */
  title: string;
  /** The first line of the first embed's description, right under the title. */
  top: string;
  content: string | undefined;
  /** Follow-up ids of the buttons (without `f:`). */
  buttons: string[];
}

function textOf(m: MessageJson): string {
  const embeds = (m.embeds ?? []).flatMap((e) => [e.title, e.description, ...(e.fields ?? []).flatMap((f) => [f.name, f.value]), e.footer?.text]);
  return [m.content, ...embeds].filter((t): t is string => t !== undefined && t !== '').join('\n');
}

/** Reads a turn's payloads, checking each against Discord's limits. */
function read(payloads: Shown['payloads']): Shown {
  expect(payloads.length, 'the bot answered').toBeGreaterThan(0);
  for (const p of payloads) expectWithinLimits(p);
  const [first] = payloads;
  const buttons = payloads.flatMap((p) => (p.components ?? []).flatMap((r) => r.components.map((b) => b.custom_id ?? '')));
  for (const id of buttons) expect(id).toMatch(/^f:[a-z0-9-]+$/u);
  return {
    payloads,
    all: payloads.map(textOf).join('\n'),
    title: first.embeds?.[0]?.title ?? '',
    top: (first.embeds?.[0]?.description ?? '').split('\n')[0],
    content: first.content,
    buttons: buttons.map((id) => id.slice(2)),
  };
}

/** Sends a message (a DM, or in the server channel) and reads the replies posted to its channel. */
async function post(h: Harness, raw: Json): Promise<Shown> {
  const before = h.rest.channelPosts().length;
  await h.message(raw);
  return read(h.rest.channelPosts().slice(before) as Shown['payloads']);
}

const dm = (text: string, author = member): Json => rawMessage({ channelId: IDS.dm, author, content: text, extra: { channel_type: 1 } });
const mention = (text: string, author = member): Json =>
  rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author, content: `<@${IDS.bot}> ${text}`, mentions: [bot] });

/** A DM conversation, one turn per line. */
async function dmChat(h: Harness, lines: readonly string[], author = member): Promise<Shown[]> {
  const out: Shown[] = [];
  for (const text of lines) out.push(await post(h, dm(text, author)));
  return out;
}

/** `/ask question:<text>` in the server channel; the interaction's answer and any follow-ups. */
async function ask(h: Harness, text: string): Promise<Shown> {
  const callbacks = h.rest.callbacks().length;
  const followUps = (): Json[] => h.rest.find('POST', /^\/webhooks\/\d+\/[^/]+$/u).map((r) => r.body as Json);
  const before = followUps().length;
  await h.interact(rawSlash(COMMANDS.ask, [{ name: 'question', type: 3, value: text }]));
  const answers = h.rest.callbacks().slice(callbacks).map((cb) => cb.data as Json);
  return read([...answers, ...followUps().slice(before)] as Shown['payloads']);
}

/** The title of the supportive reply (kind 'support'). */
const supportTitle = (): string => brain.kb.safety.texts.support.title;

function expectNotTheMenu(t: Shown): void {
  const menu = menuMarks(brain);
  expect(t.buttons.filter((id) => menu.ids.includes(id)), 'menu buttons').toEqual([]);
  expect(t.all).not.toContain(menu.title);
}

describe('Discord DM: a crisis conversation', () => {
  it('GIVEN danger now ("我已经吃了一整瓶药") THEN the first message shows 110/120 in its title and 12356 after them, and is not the menu', async () => {
    const h = harness();
    const [t] = await dmChat(h, [SAYS.urgent]);
    expect(firstEmergencyNumber(t.title), t.title).toBeGreaterThanOrEqual(0);
    const first = textOf(t.payloads[0]);
    expect(first).toContain(LINES.psych);
    expect(firstEmergencyNumber(first)).toBeLessThan(first.indexOf(LINES.psych));
    expect(crisisTitles(brain)).toContain(t.title);
    expectNotTheMenu(t);
  });

  it('GIVEN a crisis THEN pushback on the next turn gets a supportive reply: asks about safety, keeps 110/120/12356, not the menu, worded differently', async () => {
    const h = harness();
    const [crisis, pushback] = await dmChat(h, [SAYS.crisis, SAYS.pushback[0]]);
    expect(showsAllLines(crisis.all)).toBe(true);
    expect(pushback.title, pushback.all).toBe(supportTitle());
    expect(asksAboutSafety(pushback.all), pushback.all).toBe(true);
    expect(showsAllLines(pushback.all), pushback.all).toBe(true);
    expectNotTheMenu(pushback);
    expect(pushback.all).not.toBe(crisis.all);
  });

  it('GIVEN pushback after pushback ("你别劝我了", "没用的", "别管我") THEN every reply asks about safety and keeps the lines, and no reply repeats the one before', async () => {
    const h = harness();
    const turns = await dmChat(h, [SAYS.crisis, ...SAYS.pushback]);
    for (const [i, t] of turns.slice(1).entries()) {
      const said = SAYS.pushback[i];
      expect(t.title, said).toBe(supportTitle());
      expect(showsAllLines(t.all), `${said} → ${t.all}`).toBe(true);
      expect(asksAboutSafety(t.all), `${said} → ${t.all}`).toBe(true);
      expectNotTheMenu(t);
      expect(t.all, said).not.toBe(turns[i].all);
    }
  });

  it('GIVEN danger now THEN the pushback reply keeps 110/120 on top and is not the danger-now reply again word for word', async () => {
    const h = harness();
    const [urgent, pushback] = await dmChat(h, [SAYS.urgent, SAYS.pushback[0]]);
    expect(pushback.title, pushback.all).toBe(supportTitle());
    expect(firstEmergencyNumber(pushback.top), pushback.all).toBeGreaterThanOrEqual(0);
    expect(showsAllLines(pushback.all)).toBe(true);
    expect(asksAboutSafety(pushback.all), pushback.all).toBe(true);
    expectNotTheMenu(pushback);
    expect(pushback.all).not.toBe(urgent.all);
  });

  it('GIVEN a practical question after a crisis ("那我该怎么办，钱真的还不上") THEN the help line is on top of an answer about the debt — not a supportive reply, a clarifying question or the menu', async () => {
    const h = harness();
    const [ordinary] = await dmChat(h, [SAYS.ordinary], rawUser('1300000000000000071', 'fresh'));
    expect(ordinary.top, 'an ordinary answer has no help line on top').not.toContain(LINES.psych);
    const [, , practical] = await dmChat(h, [SAYS.crisis, SAYS.pushback[0], SAYS.practical]);
    expect(practical.top).toContain(LINES.psych);
    expect(firstEmergencyNumber(practical.top)).toBeGreaterThanOrEqual(0);
    expect(answerTitles(brain, PRACTICAL_TOPICS), practical.all).toContain(practical.title);
    expectNotTheMenu(practical);
  });

  it('GIVEN the person says they are better and asks something THEN it is answered with the line on top once, and the next ordinary question gets the ordinary answer', async () => {
    const h = harness();
    const [freshMovingOn, freshOrdinary] = await dmChat(h, [SAYS.movingOn, SAYS.ordinary], rawUser('1300000000000000072', 'fresh'));
    const [, movingOn, ordinary] = await dmChat(h, [SAYS.urgent, SAYS.movingOn, SAYS.ordinary]);
    expect(movingOn.top).toContain(LINES.psych);
    expect(movingOn.title).toBe(freshMovingOn.title);
    expect(ordinary.payloads.map((p) => ({ ...p, message_reference: undefined }))).toEqual(freshOrdinary.payloads.map((p) => ({ ...p, message_reference: undefined })));
  });

  it(`GIVEN ${SUPPORT_TURNS} more turns after a crisis THEN each keeps the help lines, and the turn after gets the ordinary answer again`, async () => {
    const h = harness();
    const [fresh] = await dmChat(h, [SAYS.ordinary], rawUser('1300000000000000073', 'fresh'));
    expect(fresh.all).not.toContain(LINES.psych);
    const during = Array.from({ length: SUPPORT_TURNS }, (_, i) => (i % 2 === 0 ? SAYS.ordinary : SAYS.pushback[1]));
    const turns = await dmChat(h, [SAYS.crisis, ...during, SAYS.ordinary]);
    for (const [i, t] of turns.slice(1, -1).entries()) expect(t.all, `turn ${i + 1}: ${during[i]}`).toContain(LINES.psych);
    const after = turns[turns.length - 1];
    expect(after.all).toBe(fresh.all);
    expect(after.buttons).toEqual(fresh.buttons);
  });

  it('GIVEN distress ("每天被催收，我快崩溃了") THEN a warm line with 12356 is on top, then the way forward, neither a crisis reply nor the menu', async () => {
    const h = harness();
    const [t] = await dmChat(h, [SAYS.distress]);
    expect(t.top).toContain(LINES.psych);
    expect(crisisTitles(brain)).not.toContain(t.title);
    expect(t.buttons.length).toBeGreaterThan(0);
    expectNotTheMenu(t);
  });

  it.each(SAYS.casual)('GIVEN the casual "%s" THEN it is not answered as a crisis', async (text) => {
    const h = harness();
    const [t] = await dmChat(h, [text]);
    expect(crisisTitles(brain), `${text} → ${t.all}`).not.toContain(t.title);
  });

  it('GIVEN a whole crisis conversation THEN the log records each turn but none of the words the person wrote', async () => {
    const h = harness();
    const said = [SAYS.urgent, ...SAYS.pushback, SAYS.practical, SAYS.crisis];
    await dmChat(h, said);
    const replies = h.logs.filter((l) => l.msg === 'discord reply');
    expect(replies).toHaveLength(said.length);
    expect(replies.filter((l) => l.kind === 'crisis' || l.kind === 'support').length).toBeGreaterThanOrEqual(SAYS.pushback.length + 2);
    const log = JSON.stringify(h.logs);
    for (const text of said) expect(echoedRun(log, text, Math.min(3, [...text].length)), text).toBeUndefined();
  });
});

describe('Discord server channel: a crisis in public', () => {
  const note = (): string => brain.kb.safety.texts.crisis.groupNote;

  it('GIVEN a crisis in an @-mention THEN a public reply to that message with 110/120 first and 12356, the offer to talk in private, and none of their words', async () => {
    const h = harness();
    const message = mention(SAYS.urgent);
    const t = await post(h, message);
    expect(h.rest.find('POST', new RegExp(`^/channels/${IDS.channel}/messages$`, 'u'))).toHaveLength(t.payloads.length);
    expect(t.payloads[0].message_reference?.message_id).toBe(message.id);
    expect(t.content).toContain(note());
    expect(firstEmergencyNumber(t.title), t.title).toBeGreaterThanOrEqual(0);
    expect(showsAllLines(textOf(t.payloads[0]))).toBe(true);
    expect(echoedRun(t.all, SAYS.urgent)).toBeUndefined();
    expectNotTheMenu(t);
    expect(echoedRun(JSON.stringify(h.logs), SAYS.urgent, 3)).toBeUndefined();
  });

  it('GIVEN a crisis by /ask in a channel THEN the public answer shows the lines and the private offer, and does not quote the question back', async () => {
    const h = harness();
    const t = await ask(h, SAYS.crisis);
    expect(t.payloads[0].flags ?? 0).toBe(0);
    expect(t.content).toContain(note());
    expect(showsAllLines(t.all)).toBe(true);
    expect(t.all).not.toContain('问：');
    expect(echoedRun(t.all, SAYS.crisis)).toBeUndefined();
    expectNotTheMenu(t);
    // The ordinary /ask does quote the question: the check above can tell the difference.
    const ordinary = await ask(h, SAYS.ordinary);
    expect(ordinary.all).toContain('问：');
  });

  it('GIVEN pushback in a channel after a crisis THEN a supportive reply that asks about safety, keeps the lines and the private offer — only for that member', async () => {
    const h = harness();
    const crisis = await post(h, mention(SAYS.crisis));
    const pushback = await post(h, mention(SAYS.pushback[0]));
    expect(pushback.title, pushback.all).toBe(supportTitle());
    expect(asksAboutSafety(pushback.all), pushback.all).toBe(true);
    expect(showsAllLines(pushback.all)).toBe(true);
    expect(pushback.content).toContain(note());
    expectNotTheMenu(pushback);
    expect(pushback.all).not.toBe(crisis.all);
    const practical = await post(h, mention(SAYS.ordinary));
    expect(practical.top).toContain(LINES.psych);
    const other = await post(h, mention(SAYS.ordinary, rawUser('1300000000000000074', 'other')));
    expect(other.top).not.toContain(LINES.psych);
    expect(practical.title).toBe(other.title);
  });

  it.each([SAYS.casual[0], SAYS.casual[2]])('GIVEN the casual "%s" in a channel THEN no crisis reply and no crisis offer to talk in private', async (text) => {
    const h = harness();
    const t = await post(h, mention(text));
    expect(crisisTitles(brain)).not.toContain(t.title);
    expect(t.content ?? '').not.toContain(note());
  });
});
