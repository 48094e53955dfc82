/**
 * Redaction of personal numbers in free text: mainland mobile numbers (with or without +86 /
 * 0086), 18-character resident ID numbers, landlines, and bank card or account numbers (15 digits
 * or more). Used by the logger and wherever user text is echoed or stored.
 *
 * Numbers are found on a normalized view of the text, the way people paste them: NFKC (full-width
 * digits １３８, Ｘ, ＋; no-break and ideographic spaces), invisible characters (zero-width spaces,
 * word joiners, bidi marks, soft hyphens) ignored, and up to {@link MAX_GAP} spaces, dashes or dots
 * between two digits skipped. The whole original span of each number is replaced by its mask; the
 * rest of the text is returned exactly as written.
 */

/** Invisible characters: never part of what a number looks like. */
const INVISIBLE = /^[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]$/u;
/** Characters that may separate the digit groups of one number (after NFKC). */
const SEPARATOR = /^[ \t.\-_\u00b7\u2010-\u2015\u2022\u30fb]$/u;
/** Most separator characters between two digits of one number. */
const MAX_GAP = 3;
/** Shortest card or account number masked as one. */
const MIN_ACCOUNT_DIGITS = 15;

/** One code point of the input: where it is, and what it is after normalization ('' = invisible). */
interface Unit {
  start: number;
  end: number;
  norm: string;
}

function normalizeUnits(text: string): Unit[] {
  const units: Unit[] = [];
  let at = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    // ASCII and the common CJK ideographs are their own NFKC form: skip the call for them.
    const plain = code < 0x80 || (code >= 0x4e00 && code <= 0x9fff);
    const norm = plain ? ch : INVISIBLE.test(ch) ? '' : ch.normalize('NFKC');
    units.push({ start: at, end: at + ch.length, norm });
    at += ch.length;
  }
  return units;
}

const isDigits = (s: string): boolean => s !== '' && /^\d+$/u.test(s);

/** The index of the next unit after `from` that is not invisible or a separator, if at most MAX_GAP separators lie between. */
function acrossGap(units: readonly Unit[], from: number, step: 1 | -1): number | undefined {
  let gap = 0;
  for (let k = from; k >= 0 && k < units.length; k += step) {
    const { norm } = units[k];
    if (norm === '') continue;
    if (!SEPARATOR.test(norm)) return k;
    gap += 1;
    if (gap > MAX_GAP) return undefined;
  }
  return undefined;
}

/** A run of digits written without a gap: its digits and its first and last unit. */
interface Segment {
  digits: string;
  first: number;
  last: number;
}

/** The digit groups starting at digit unit `first`, joined by short gaps; and a check letter X after them. */
function readGroups(units: readonly Unit[], first: number): { segments: Segment[]; x: number | undefined } {
  const segments: Segment[] = [];
  for (let j: number | undefined = first; j !== undefined && isDigits(units[j].norm); j = acrossGap(units, j + 1, 1)) {
    const current = segments.at(-1);
    if (current !== undefined && current.last === j - 1) {
      current.digits += units[j].norm;
      current.last = j;
    } else segments.push({ digits: units[j].norm, first: j, last: j });
  }
  const next = acrossGap(units, (segments.at(-1)?.last ?? first) + 1, 1);
  return { segments, x: next !== undefined && /^[Xx]$/u.test(units[next].norm) ? next : undefined };
}

/** Most digits one personal number has (longer runs of groups are not tried as one). */
const MAX_DIGITS = 32;

/**
 * Masked spans among the groups, left to right: from each group, the longest run of consecutive
 * groups (at most {@link MAX_DIGITS} digits, or one longer group) that is a personal number.
 */
function maskedSpans(segments: readonly Segment[], x: number | undefined): Array<{ first: number; last: number; mask: string }> {
  const spans: Array<{ first: number; last: number; mask: string }> = [];
  for (let s = 0; s < segments.length; s += 1) {
    let digits = '';
    let best: { end: number; first: number; last: number; mask: string } | undefined;
    for (let e = s; e < segments.length && (e === s || digits.length + segments[e].digits.length <= MAX_DIGITS); e += 1) {
      digits += segments[e].digits;
      const checkLetter = e === segments.length - 1 && x !== undefined && digits.length === 17;
      const mask = maskDigits(checkLetter ? `${digits}X` : digits);
      if (mask !== undefined) best = { end: e, first: segments[s].first, last: checkLetter ? (x as number) : segments[e].last, mask };
    }
    if (best === undefined) continue;
    spans.push({ first: best.first, last: best.last, mask: best.mask });
    s = best.end;
  }
  return spans;
}

/** The mask for a number's digits, or undefined when they are no personal number. */
export function maskDigits(digits: string): string | undefined {
  const mobile = /^(?:0086|86)?(1[3-9]\d{9})$/u.exec(digits)?.[1];
  if (mobile !== undefined) return `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;
  if (/^\d{17}[\dX]$/u.test(digits)) return `${digits.slice(0, 3)}${'*'.repeat(15)}`;
  if (/^0\d{9,11}$/u.test(digits)) return `${digits.slice(0, 3)}****`;
  if (/^\d+$/u.test(digits) && digits.length >= MIN_ACCOUNT_DIGITS) return `****${digits.slice(-4)}`;
  return undefined;
}

/** Replaces phone, ID and card numbers by masked forms (keeps a few digits for recognition). */
export function redactText(text: string): string {
  if (!/\d/u.test(text.normalize('NFKC'))) return text;
  const units = normalizeUnits(text);
  let out = '';
  let copied = 0;
  for (let i = 0; i < units.length; i += 1) {
    if (!isDigits(units[i].norm)) continue;
    const { segments, x } = readGroups(units, i);
    for (const span of maskedSpans(segments, x)) {
      // A "+" written before the number (+86 …) goes with it.
      const before = acrossGap(units, span.first - 1, -1);
      const first = before !== undefined && units[before].norm === '+' ? before : span.first;
      out += text.slice(copied, units[first].start) + span.mask;
      copied = units[span.last].end;
    }
    i = Math.max(i, segments.at(-1)?.last ?? i);
  }
  return out + text.slice(copied);
}
