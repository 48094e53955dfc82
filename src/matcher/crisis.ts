/**
 * Crisis signal: words of despair or self-harm. Checked before any matching, on normalized
 * (Simplified, lower-case) text; a hit is always answered with the crisis topic first.
 */
export const CRISIS_SIGNALS: readonly RegExp[] = [
  /不想活/u,
  /活不下去/u,
  /活着(还)?有什么意思|活着没(什么)?意思|活着太累/u,
  /(?<!让我|叫我|骂我|要我|逼我去|咒我)(想|要|准备|打算)(去)?死/u,
  /自杀|轻生|寻死|寻短见|自尽|了结自己|结束(自己的?)?生命/u,
  /跳楼|跳河|跳江|跳桥|割腕|烧炭|上吊|喝农药|吃安眠药|安眠药/u,
  /一了百了|撑不下去|不如死了|死了算了|死了就好|一死了之|死了一了/u,
  /结束这一切|离开这个世界|不想醒来|活够了|写(好)?了?遗书|走了算了|(想|要|让我)消失|我消失了?|我(死|走|不在)了?.{0,8}解脱|(是|成了)(全家|家里|大家)的?累赘|没有我(他们|大家|家里)?(会)?更好/u,
  /\b(suicide|kill myself|end my life)\b/u,
];

/** All signals as one pattern: one scan of the text instead of one per signal. */
const ANY_SIGNAL = new RegExp(CRISIS_SIGNALS.map((re) => `(?:${re.source})`).join('|'), 'u');

/** True when the text signals despair or self-harm. */
export function isCrisis(normalized: string): boolean {
  return ANY_SIGNAL.test(normalized);
}
