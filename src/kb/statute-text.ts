/**
 * Reads the articles of a statute file as the mirrors write them (`第五十条 有下列行为…`, items
 * `（一）…` on lines of their own, the items of a decision as `一、…`). Used to copy articles
 * into `knowledge/law/` verbatim and to verify, whenever the source texts are at hand, that the
 * stored copies still equal them line for line (`npm run law:verify`).
 */

/** One article as it stands in a statute file. */
export interface StatuteArticle {
  /** The article's marker exactly as written, e.g. `第五十条`, `第二百九十三条之一`, `一、`. */
  marker: string;
  /** Its lines (paragraphs and items), the marker removed from the first; blank lines dropped. */
  lines: string[];
}

const DIGITS: Readonly<Record<string, number>> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** `一千零三十三` → 1033, `十` → 10, `二十五` → 25. NaN for anything else. */
export function chineseNumber(text: string): number {
  if (text === '' || !/^[零一二两三四五六七八九十百千]+$/u.test(text)) return Number.NaN;
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch in DIGITS) digit = DIGITS[ch];
    else {
      total += (digit === 0 ? 1 : digit) * UNITS[ch];
      digit = 0;
    }
  }
  return total + digit;
}

const ARTICLE_START = /^(第[零一二两三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)[ \u3000]+/u;
const DECISION_ITEM = /^([一二三四五六七八九十]+、)/u;

/** Lines that are not statute wording: headings, mirror comments, blank or zero-width-only lines. */
function isNoise(line: string): boolean {
  return line.trim().replace(/\u200B/gu, '') === '' || line.startsWith('#') || line.startsWith('<!--');
}

/** The statute body: everything after the mirror's header (`<!-- INFO END -->` or `<!-- LEGAL_HEADER_END -->`). */
function body(text: string): string[] {
  const lines = text.split(/\r?\n/u);
  const end = lines.findIndex((l) => l.includes('INFO END') || l.includes('LEGAL_HEADER_END'));
  return lines.slice(end + 1);
}

/**
 * Every article of a statute file, in order. Articles written as `第…条` are used when the file
 * has any; otherwise (a decision or a reply of a court) its `一、` items are its articles. A file
 * that prints an amending decision before the amended text (the 限制高消费规定) repeats markers:
 * the last occurrence, the text as amended, is the article.
 */
export function parseStatute(text: string): StatuteArticle[] {
  const byMarker = new Map<string, StatuteArticle>();
  for (const a of parseOccurrences(text)) {
    byMarker.delete(a.marker);
    byMarker.set(a.marker, a);
  }
  return [...byMarker.values()];
}

function parseOccurrences(text: string): StatuteArticle[] {
  const lines = body(text);
  const numbered = lines.some((l) => ARTICLE_START.test(l));
  const start = numbered ? ARTICLE_START : DECISION_ITEM;
  const articles: StatuteArticle[] = [];
  let current: StatuteArticle | undefined;
  for (const line of lines) {
    const m = start.exec(line);
    if (m) {
      current = { marker: m[1], lines: [line.slice(m[0].length)] };
      articles.push(current);
    } else if (line.startsWith('#')) {
      current = undefined; // A chapter heading ends the article before it.
    } else if (current && !isNoise(line)) {
      current.lines.push(line);
    }
  }
  return articles;
}

/**
 * The short number of an article marker: `第五十条` → `50`, `第二百九十三条之一` → `293-1`,
 * `一、` → `1`. Used as the article's id within its law.
 */
export function articleNumber(marker: string): string {
  const article = /^第([零一二两三四五六七八九十百千]+)条(?:之([一二三四五六七八九十]+))?$/u.exec(marker);
  if (article) return article[2] ? `${chineseNumber(article[1])}-${chineseNumber(article[2])}` : String(chineseNumber(article[1]));
  const item = /^([一二三四五六七八九十]+)、$/u.exec(marker);
  return item ? String(chineseNumber(item[1])) : '';
}

/** The display form of a marker: `第五十条` → `第50条`, `第二百九十三条之一` → `第293条之一`, `一、` → `第一项`. */
export function articleLabel(marker: string): string {
  const article = /^第([零一二两三四五六七八九十百千]+)条(之[一二三四五六七八九十]+)?$/u.exec(marker);
  if (article) return `第${chineseNumber(article[1])}条${article[2] ?? ''}`;
  const item = /^([一二三四五六七八九十]+)、$/u.exec(marker);
  return item ? `第${item[1]}项` : marker;
}
