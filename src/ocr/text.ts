/**
 * The text of an OCR result: its lines top to bottom, without the fragments a phone's status
 * bar icons (signal bars, battery, Wi-Fi) are read as, such as "..!!" or "·l".
 */

/** Dot- and stroke-like marks that small icons are read as (not `*`, which masks digits in messages). */
const MARKS = /[.·•‧∙・。，,:：;'`´"!！|°]/gu;

/** What thin icon strokes and dots are typically read as, besides marks (at most three of them). */
const STROKES = /^[lIi|10oO]{0,3}$/u;

/**
 * True for a fragment of dot/stroke marks with at most three stroke-like letters or zeros
 * ("..!!", "..ll", ".000"): what signal bars and a battery are read as. A fragment without a
 * mark, or with any other character, is kept.
 */
export function isIconNoise(fragment: string): boolean {
  const rest = fragment.replace(MARKS, '');
  return rest.length < fragment.length && STROKES.test(rest);
}

/**
 * Joins recognized lines into one text: fragments of a line are separated by spaces (as the
 * recognizer joins boxes of one row); icon noise and empty lines are dropped.
 */
export function joinLines(lines: readonly string[]): string {
  const out: string[] = [];
  for (const line of lines) {
    const kept = line.split(/\s+/u).filter((f) => f !== '' && !isIconNoise(f));
    if (kept.length > 0) out.push(kept.join(' '));
  }
  return out.join('\n');
}
