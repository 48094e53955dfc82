/**
 * A crisis conversation end to end through the Telegram front end: real grammY
 * (`createTelegramBot` + `bot.handleUpdate`) against the stub Bot API, in a private chat and a
 * supergroup. Each turn is read as the phone shows it: the decoded HTML of every sendMessage,
 * and its keyboard. Every payload is checked against Telegram's limits on the way.
 */
import type { Bot } from 'grammy';
import type { InlineKeyboardMarkup, Update } from 'grammy/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { SUPPORT_TURNS } from '../../src/core/safety.js';
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
import { BOT_INFO, stubbedBot, useStubBotApi, type ApiCall } from './stub-bot-api.js';
import { parseTelegramHtml } from './telegram-html.js';
import { botMessage, GROUP_ID, groupText, privateText } from './updates.js';

let brain: Brain;
const stub = useStubBotApi();
beforeAll(() => {
  brain = loadBrain();
});

function setup() {
  return stubbedBot(stub, new Assistant(brain));
}

/** One turn as the phone shows it. */
interface Shown {
  /** Decoded text of each message sent, in order. */
  messages: string[];
  /** All messages of the turn, joined. */
  all: string;
  /** The first line of the first message (what a notification preview shows first). */
  firstLine: string;
  /** The follow-up ids of the keyboard (without the `f:` prefix). */
  buttons: string[];
  calls: ApiCall[];
}

/** Sends one update and reads what the bot sent, checking every payload against Telegram's limits. */
async function turn(bot: Bot, update: Update): Promise<Shown> {
  stub.reset();
  await bot.handleUpdate(update);
  const calls = stub.callsTo('sendMessage');
  expect(calls.length, 'the bot answered').toBeGreaterThan(0);
  const buttons: string[] = [];
  const messages = calls.map((c) => {
    const html = String(c.body.text);
    expect(html.length).toBeLessThanOrEqual(4096);
    expect(c.body.parse_mode).toBe('HTML');
    const keyboard = c.body.reply_markup as InlineKeyboardMarkup | undefined;
    for (const b of keyboard?.inline_keyboard.flat() ?? []) {
      const data = 'callback_data' in b ? String(b.callback_data) : '';
      expect(data).toMatch(/^f:[a-z0-9-]+$/u);
      expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
      buttons.push(data.slice(2));
    }
    return parseTelegramHtml(html).text;
  });
  return { messages, all: messages.join('\n'), firstLine: messages[0].split('\n')[0], buttons, calls };
}

/** A private conversation of `userId`, one turn per line. */
async function chat(bot: Bot, userId: number, lines: readonly string[]): Promise<Shown[]> {
  const out: Shown[] = [];
  for (const text of lines) out.push(await turn(bot, privateText(userId, text)));
  return out;
}

/** Fails when the turn looks like the feature menu (its buttons or its title). */
function expectNotTheMenu(t: Shown): void {
  const menu = menuMarks(brain);
  expect(t.buttons.filter((id) => menu.ids.includes(id)), 'menu buttons').toEqual([]);
  expect(t.all).not.toContain(menu.title);
}

/** Fails unless the turn is the supportive reply (its title, under the 110/120 line after danger now). */
function expectSupportive(t: Shown, said?: string): void {
  expect(t.messages[0].split('\n').slice(0, 3), said ?? t.all).toContain(brain.kb.safety.texts.support.title);
}

describe('Telegram private chat: a crisis conversation', () => {
  it('GIVEN danger now ("我已经吃了一整瓶药") THEN the first message the phone shows opens with 110/120, carries 12356 after them, and is not the menu', async () => {
    const { bot } = setup();
    const [t] = await chat(bot, 101, [SAYS.urgent]);
    const first = t.messages[0];
    expect(firstEmergencyNumber(t.firstLine), `first line: ${t.firstLine}`).toBeGreaterThanOrEqual(0);
    expect(first).toContain(LINES.psych);
    expect(firstEmergencyNumber(first)).toBeLessThan(first.indexOf(LINES.psych));
    expect(crisisTitles(brain)).toContain(t.firstLine);
    expectNotTheMenu(t);
  });

  it('GIVEN a crisis without danger now ("我不想活了，已经买好了药") THEN the first message shows 12356, 110 and 120 and asks whether they are safe', async () => {
    const { bot } = setup();
    const [t] = await chat(bot, 102, [SAYS.crisis]);
    expect(showsAllLines(t.messages[0])).toBe(true);
    expect(asksAboutSafety(t.messages[0])).toBe(true);
    expect(crisisTitles(brain)).toContain(t.firstLine);
    expectNotTheMenu(t);
  });

  it('GIVEN a crisis THEN pushback on the next turn gets a supportive reply: asks about safety, keeps 110/120/12356, not the menu, worded differently', async () => {
    const { bot } = setup();
    const [crisis, pushback] = await chat(bot, 103, [SAYS.crisis, SAYS.pushback[0]]);
    expectSupportive(pushback);
    expect(asksAboutSafety(pushback.all), pushback.all).toBe(true);
    expect(showsAllLines(pushback.all), pushback.all).toBe(true);
    expectNotTheMenu(pushback);
    expect(pushback.all).not.toBe(crisis.all);
  });

  it('GIVEN pushback after pushback ("你别劝我了", "没用的", "别管我") THEN every reply asks about safety and keeps the lines, and no reply repeats the one before', async () => {
    const { bot } = setup();
    const turns = await chat(bot, 104, [SAYS.crisis, ...SAYS.pushback]);
    for (const [i, t] of turns.slice(1).entries()) {
      const said = SAYS.pushback[i];
      expectSupportive(t, said);
      expect(showsAllLines(t.all), `${said} → ${t.all}`).toBe(true);
      expect(asksAboutSafety(t.all), `${said} → ${t.all}`).toBe(true);
      expectNotTheMenu(t);
      expect(t.all, said).not.toBe(turns[i].all);
    }
  });

  it('GIVEN danger now THEN the pushback reply still puts 110/120 on its first line, and is not the danger-now reply again word for word', async () => {
    const { bot } = setup();
    const [urgent, pushback] = await chat(bot, 105, [SAYS.urgent, SAYS.pushback[0]]);
    expect(firstEmergencyNumber(pushback.firstLine), pushback.firstLine).toBeGreaterThanOrEqual(0);
    expectSupportive(pushback);
    expect(showsAllLines(pushback.all)).toBe(true);
    expect(asksAboutSafety(pushback.all), pushback.all).toBe(true);
    expectNotTheMenu(pushback);
    expect(pushback.all).not.toBe(urgent.all);
  });

  it('GIVEN a practical question after a crisis ("那我该怎么办，钱真的还不上") THEN the help line is on top and below it an answer about the debt — not a supportive reply, a clarifying question or the menu', async () => {
    const { bot } = setup();
    const [ordinary] = await chat(bot, 9106, [SAYS.ordinary]);
    expect(ordinary.firstLine, 'an ordinary answer has no help line on top').not.toContain(LINES.psych);
    const [, , practical] = await chat(bot, 106, [SAYS.crisis, SAYS.pushback[0], SAYS.practical]);
    expect(practical.firstLine).toContain(LINES.psych);
    expect(firstEmergencyNumber(practical.firstLine)).toBeGreaterThanOrEqual(0);
    // Blocks are separated by a blank line: the banner, then the answer's title.
    const title = practical.messages[0].split('\n')[2];
    expect(answerTitles(brain, PRACTICAL_TOPICS), practical.all).toContain(title);
    expectNotTheMenu(practical);
  });

  it('GIVEN the person says they are better and asks something THEN it is answered with the line on top once, and the next ordinary question gets the ordinary answer', async () => {
    const { bot } = setup();
    const [freshMovingOn, freshOrdinary] = await chat(bot, 9107, [SAYS.movingOn, SAYS.ordinary]);
    const [, movingOn, ordinary] = await chat(bot, 107, [SAYS.urgent, SAYS.movingOn, SAYS.ordinary]);
    expect(movingOn.firstLine).toContain(LINES.psych);
    expect(movingOn.all.endsWith(freshMovingOn.all)).toBe(true);
    expect(ordinary.all).toBe(freshOrdinary.all);
    expect(ordinary.buttons).toEqual(freshOrdinary.buttons);
  });

  it(`GIVEN ${SUPPORT_TURNS} more turns after a crisis THEN each keeps the help lines, and the turn after gets the ordinary answer again`, async () => {
    const { bot } = setup();
    const [fresh] = await chat(bot, 9108, [SAYS.ordinary]);
    expect(fresh.all).not.toContain(LINES.psych);
    const during = Array.from({ length: SUPPORT_TURNS }, (_, i) => (i % 2 === 0 ? SAYS.ordinary : SAYS.pushback[1]));
    const turns = await chat(bot, 108, [SAYS.crisis, ...during, SAYS.ordinary]);
    for (const [i, t] of turns.slice(1, -1).entries()) expect(t.all, `turn ${i + 1}: ${during[i]}`).toContain(LINES.psych);
    const after = turns[turns.length - 1];
    expect(after.all).toBe(fresh.all);
  });

  it('GIVEN distress ("每天被催收，我快崩溃了") THEN a warm line with 12356 is on top, then the way forward, neither a crisis reply nor the menu', async () => {
    const { bot } = setup();
    const [t] = await chat(bot, 109, [SAYS.distress]);
    expect(t.firstLine).toContain(LINES.psych);
    const lines = t.messages[0].split('\n');
    for (const title of crisisTitles(brain)) expect(lines).not.toContain(title);
    expect(t.buttons.length).toBeGreaterThan(0);
    expectNotTheMenu(t);
  });

  it.each(SAYS.casual)('GIVEN the casual "%s" THEN it is not answered as a crisis', async (text) => {
    const { bot } = setup();
    const [t] = await chat(bot, 110, [text]);
    const lines = t.all.split('\n');
    for (const title of crisisTitles(brain)) expect(lines, `${text} → ${t.all}`).not.toContain(title);
  });

  it('GIVEN a whole crisis conversation THEN the debug log records each turn but none of the words the person wrote', async () => {
    const { bot, logs } = setup();
    const said = [SAYS.urgent, ...SAYS.pushback, SAYS.practical, SAYS.crisis];
    await chat(bot, 111, said);
    const log = logs.join('');
    expect(logs.filter((l) => l.includes('"kind":"crisis"') || l.includes('"kind":"support"')).length).toBeGreaterThanOrEqual(SAYS.pushback.length + 2);
    for (const text of said) expect(echoedRun(log, text, Math.min(3, [...text].length)), text).toBeUndefined();
  });
});

describe('Telegram supergroup: a crisis in public', () => {
  const note = (): string => brain.kb.safety.texts.crisis.groupNote;
  const link = `https://t.me/${BOT_INFO.username}?start=`;

  it.each([
    ['a mention', `@${BOT_INFO.username} ${SAYS.urgent}`],
    ['/ask', `/ask ${SAYS.urgent}`],
  ])('GIVEN a crisis by %s THEN it is answered publicly, as a reply, with 110/120 first and 12356, the private-chat offer with a deep link, and none of their words', async (_how, text) => {
    const { bot, logs } = setup();
    const update = groupText(201, text);
    const t = await turn(bot, update);
    for (const c of t.calls) expect(c.body.chat_id).toBe(GROUP_ID);
    expect(t.calls[0].body.reply_parameters).toMatchObject({ message_id: update.message!.message_id });
    expect(firstEmergencyNumber(t.firstLine)).toBeGreaterThanOrEqual(0);
    expect(showsAllLines(t.messages[0])).toBe(true);
    expect(t.all).toContain(note());
    expect(t.all).toContain(link);
    expect(echoedRun(t.all, SAYS.urgent)).toBeUndefined();
    expectNotTheMenu(t);
    expect(echoedRun(logs.join(''), SAYS.urgent, 3)).toBeUndefined();
  });

  it('GIVEN pushback replying to the bot after a crisis in the group THEN a supportive reply that asks about safety, keeps the lines and the private offer — only for that member', async () => {
    const { bot } = setup();
    await turn(bot, groupText(202, `@${BOT_INFO.username} ${SAYS.crisis}`));
    const pushback = await turn(bot, groupText(202, SAYS.pushback[0], { replyTo: botMessage(GROUP_ID) }));
    expectSupportive(pushback);
    expect(asksAboutSafety(pushback.all), pushback.all).toBe(true);
    expect(showsAllLines(pushback.all)).toBe(true);
    expect(pushback.all).toContain(note());
    expect(pushback.all).toContain(link);
    expectNotTheMenu(pushback);
    const practical = await turn(bot, groupText(202, `@${BOT_INFO.username} ${SAYS.ordinary}`));
    expect(practical.firstLine).toContain(LINES.psych);
    const other = await turn(bot, groupText(203, `@${BOT_INFO.username} ${SAYS.ordinary}`));
    expect(other.firstLine).not.toContain(LINES.psych);
    expect(practical.all.endsWith(other.all)).toBe(true);
  });

  it.each([SAYS.casual[0], SAYS.casual[2]])('GIVEN the casual "%s" in the group THEN no crisis reply and no crisis offer to talk in private', async (text) => {
    const { bot } = setup();
    const t = await turn(bot, groupText(204, `@${BOT_INFO.username} ${text}`));
    const lines = t.all.split('\n');
    for (const title of crisisTitles(brain)) expect(lines).not.toContain(title);
    expect(t.all).not.toContain(note());
  });
});
