/**
 * Reads typed answers of the guided analysis: "我是他妈妈" → family, "借呗" → online app,
 * "威胁要上门，还骂人" → threats + insults, "三个多月" → more than 3 months. The vocabulary
 * is data (`parse` in `knowledge/_triage.yaml`, roles in `intents/lexicon/roles.yaml`); durations are read here. Works on the
 * matcher's normalized text (Simplified, lower case). Pure.
 */
import {
  CONTENTS,
  LENDERS,
  type Content,
  type Lender,
  type Overdue,
  type Role,
  type TriageData,
} from '../kb/triage-schema.js';
import { detectRole, type RoleRules } from './role.js';

/** Compiled vocabulary. */
export interface Vocab {
  start: RegExp[];
  exit: RegExp[];
  resume: RegExp[];
  done: RegExp[];
  change: RegExp[];
  question: RegExp[];
  roles: RoleRules;
  lender: ReadonlyArray<[Lender, RegExp[]]>;
  content: ReadonlyArray<[Content, RegExp[]]>;
  overdue: { none: RegExp[]; unknown: RegExp[]; words: ReadonlyArray<[Overdue, RegExp[]]> };
}

/** Facts found in one message. */
export interface ParsedFacts {
  role?: Role;
  lender?: Lender;
  content: Content[];
  overdue?: Overdue;
}

const cache = new WeakMap<TriageData, Vocab>();

/** Compiles (once per data object) the vocabulary of `_triage.yaml`, with the role rules. */
export function vocabOf(data: TriageData, roles: RoleRules): Vocab {
  const hit = cache.get(data);
  if (hit) return hit;
  const re = (list: readonly string[]): RegExp[] => list.map((p) => new RegExp(p, 'u'));
  const p = data.parse;
  // "Unknown" is checked last: "不知道是不是借呗" names a lender.
  const lenderOrder: Lender[] = [...LENDERS.filter((l) => l !== 'unknown'), 'unknown'];
  const vocab: Vocab = {
    start: re(p.start),
    exit: re(p.exit),
    resume: re(p.resume),
    done: re(p.done),
    change: re(p.change),
    question: re(p.question),
    roles,
    lender: lenderOrder.map((l) => [l, re(p.lender[l])]),
    content: CONTENTS.map((c) => [c, re(p.content[c])]),
    overdue: {
      none: re(p.overdue.none),
      unknown: re(p.overdue.unknown),
      words: (['gt-3m', '1-3m', 'lt-1m'] as const).map((o) => [o, re(p.overdue[o])]),
    },
  };
  cache.set(data, vocab);
  return vocab;
}

const any = (res: readonly RegExp[], t: string): boolean => res.some((r) => r.test(t));

/** The text without punctuation, symbols and spaces (for whole-message phrases). */
export function compact(normalized: string): string {
  return normalized.replace(/[\p{P}\p{S}\s]/gu, '');
}

/** True for a whole-message request to start the analysis ("帮我分析我的情况"). */
export function isStartPhrase(v: Vocab, normalized: string): boolean {
  return any(v.start, compact(normalized));
}

/** True for a whole-message request to leave it ("退出", "算了"). */
export function isExitPhrase(v: Vocab, normalized: string): boolean {
  return any(v.exit, compact(normalized));
}

/** True for a whole-message request to resume ("继续"). */
export function isResumePhrase(v: Vocab, normalized: string): boolean {
  return any(v.resume, compact(normalized));
}

/** True for a whole-message "that's all" closing the multi-select question ("选好了"). */
export function isDonePhrase(v: Vocab, normalized: string): boolean {
  return any(v.done, compact(normalized));
}

/** True when the message announces a correction ("改一下", "其实是…"). */
export function hasChangePhrase(v: Vocab, normalized: string): boolean {
  return any(v.change, normalized);
}

/** True when the message reads as a question rather than an answer. */
export function isQuestion(v: Vocab, normalized: string): boolean {
  return any(v.question, normalized);
}

/** Who is talking, if the message says so (an heir is not one of the analysis' roles). */
export function parseRole(v: Vocab, t: string): Role | undefined {
  const role = detectRole(v.roles, t);
  return role === 'heir' ? undefined : role;
}

/** The lender type, if the message names one. */
export function parseLender(v: Vocab, t: string): Lender | undefined {
  for (const [lender, res] of v.lender) if (any(res, t)) return lender;
  return undefined;
}

/** Message types the text mentions. */
export function parseContent(v: Vocab, t: string): Content[] {
  return v.content.filter(([, res]) => any(res, t)).map(([c]) => c);
}

const DURATION = /(\d+(?:\.\d+)?|[零一二两三四五六七八九十半几]+)\s*(个)?\s*(多)?\s*(月|天|日|周|星期|礼拜|年)/u;
const DIGIT: Readonly<Record<string, number>> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** A Chinese or Arabic number: 三 → 3, 十五 → 15, 两三 → 3 (a range: the larger), 半 → 0.5, 几 → 3. */
export function readNumber(s: string): number | undefined {
  if (/^\d/.test(s)) return Number(s);
  if (s === '半') return 0.5;
  if (s.includes('几')) return 3;
  const ten = s.indexOf('十');
  if (ten >= 0) {
    const tens = ten === 0 ? 1 : DIGIT[s[ten - 1]];
    const ones = ten === s.length - 1 ? 0 : DIGIT[s[ten + 1]];
    return tens === undefined || ones === undefined ? undefined : tens * 10 + ones;
  }
  const digits = [...s].map((c) => DIGIT[c]);
  if (digits.length === 0 || digits.some((d) => d === undefined)) return undefined;
  return Math.max(...(digits as number[]));
}

/** How long overdue, if the message says: words first, then a duration such as 「15天」「三个多月」. */
export function parseOverdue(v: Vocab, t: string): Overdue | undefined {
  if (any(v.overdue.none, t)) return 'none';
  if (any(v.overdue.unknown, t)) return 'unknown';
  for (const [o, res] of v.overdue.words) if (any(res, t)) return o;
  const m = DURATION.exec(t);
  if (!m) return undefined;
  const n = readNumber(m[1]);
  if (n === undefined || !Number.isFinite(n)) return undefined;
  const unit = m[4];
  const months = unit === '月' ? n : unit === '年' ? n * 12 : unit === '天' || unit === '日' ? n / 30 : (n * 7) / 30;
  const more = m[3] === '多' ? 0.01 : 0;
  const total = months + more;
  if (total < 1) return 'lt-1m';
  if (total <= 3) return '1-3m';
  return 'gt-3m';
}

/** Words that tie a duration to the debt when it is not the question being asked. */
const OVERDUE_CONTEXT = /逾期|没还|拖欠|拖了|欠了|还不上/u;

/**
 * Every fact a message states. `overdueAnywhere` reads a bare duration as the overdue
 * answer (only when that is the question being asked; elsewhere it needs "逾期" nearby).
 */
export function parseFacts(v: Vocab, normalized: string, overdueAnywhere: boolean): ParsedFacts {
  const out: ParsedFacts = { content: parseContent(v, normalized) };
  const role = parseRole(v, normalized);
  if (role) out.role = role;
  const lender = parseLender(v, normalized);
  if (lender) out.lender = lender;
  if (overdueAnywhere || OVERDUE_CONTEXT.test(normalized)) {
    const overdue = parseOverdue(v, normalized);
    if (overdue) out.overdue = overdue;
  }
  return out;
}
