/**
 * What the crisis-dialogue tests of every front end share (test/telegram, test/discord and
 * test/console `crisis-dialogue.test.ts`): the conversation's messages, the texts that mark a
 * crisis or supportive reply, and checks on shown text (asks about safety, echoes nothing).
 * Everything is read from the loaded knowledge base, so the tests assert structure and
 * numbers, not long wording.
 */
import type { Brain } from '../../src/core/respond.js';

/** What people say in the conversation (the test author's own messages). */
export const SAYS = {
  /** Intent and means, no danger yet. */
  crisis: '我不想活了，已经买好了药',
  /** Danger now: 110/120 first. */
  urgent: '我已经吃了一整瓶药',
  /** Pushback after a crisis, in the order. */
  pushback: ['你别劝我了', '没用的', '别管我'] as const,
  /** A practical question during the supportive turns. */
  practical: '那我该怎么办，钱真的还不上',
  /** Safe now, with a question: the person clearly moves on. */
  movingOn: '我现在好多了，谢谢，我想问下征信的事',
  /** An ordinary question that never leans on the previous topic (longer than a short follow-up). */
  ordinary: '催收打电话给我爸妈，这样合法吗',
  /** Despair without intent. */
  distress: '每天被催收，我快崩溃了',
  /** Casual "…死" words, alone or with a complaint: not a crisis. The first is the example. */
  casual: ['累死了，今天又被催了', '累死了', '笑死', '烦死了'] as const,
} as const;

/** The help lines every crisis and supportive reply must show. */
export const LINES = { psych: '12356', police: '110', ambulance: '120' } as const;

/** True when `text` shows all three help lines. */
export function showsAllLines(text: string): boolean {
  return text.includes(LINES.psych) && text.includes(LINES.police) && text.includes(LINES.ambulance);
}

/** Index of the first of 110 / 120 in `text` (-1 when neither is there). */
export function firstEmergencyNumber(text: string): number {
  const at = [text.indexOf(LINES.police), text.indexOf(LINES.ambulance)].filter((i) => i >= 0);
  return at.length === 0 ? -1 : Math.min(...at);
}

/**
 * True when `text` asks the person, as a question, whether they are safe or have someone with
 * them ("你现在安全吗？", "此刻你是安全的吗？", "你现在身边有人吗？").
 */
export function asksAboutSafety(text: string): boolean {
  return text.split(/(?<=[。！!？?])/u).some((sentence) => /安全|身边有人|有人陪/u.test(sentence) && /[？?]$/u.test(sentence.trim()));
}

/** The first run of `size` characters of `said` that `shown` repeats, if any (an echo of the person's words). */
export function echoedRun(shown: string, said: string, size = 5): string | undefined {
  const chars = [...said];
  for (let i = 0; i + size <= chars.length; i++) {
    const run = chars.slice(i, i + size).join('');
    if (shown.includes(run)) return run;
  }
  return undefined;
}

/** The titles of every crisis-kind reply: the safety texts and the crisis topic. */
export function crisisTitles(brain: Brain): string[] {
  const { crisis, support } = brain.kb.safety.texts;
  const topic = brain.kb.topics.get('crisis');
  return [crisis.title, crisis.urgentTitle, crisis.thirdTitle, support.title, ...(topic ? [topic.title] : [])];
}

/** The menu's follow-up ids and the menu's title (the help topic's), to tell "the menu" apart. */
export function menuMarks(brain: Brain): { ids: string[]; title: string } {
  return { ids: brain.kb.common.menu.map((m) => m.id), title: brain.kb.topics.get('help')?.title ?? brain.kb.common.outOfScope.title };
}

/** The titles an answer of these topics may carry: each topic's own, or one of its questions'. */
export function answerTitles(brain: Brain, topicIds: readonly string[]): string[] {
  return topicIds.flatMap((id) => {
    const topic = brain.kb.topics.get(id);
    return topic ? [topic.title, ...topic.questions.map((q) => q.ask)] : [];
  });
}

/** Topics a practical "what now, I cannot pay" question is answered from. */
export const PRACTICAL_TOPICS = ['what-to-do', 'negotiate'] as const;
