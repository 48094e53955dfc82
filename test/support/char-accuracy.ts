/**
 * How much of an expected text an OCR reading got right: 1 − (edit distance ÷ expected length),
 * after NFKC (full-width and half-width forms count as the same character) and with all
 * whitespace removed (line breaks and spacing are layout, not text). Used by the OCR tests and
 * `npm run bench`.
 */
import { distance } from 'fastest-levenshtein';

/** The form both texts are compared in. */
export function comparable(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/** Characters wrong (edits) and characters expected, for summing over many images. */
export function charErrors(read: string, expected: string): { edits: number; chars: number } {
  const a = comparable(read);
  const b = comparable(expected);
  return { edits: distance(a, b), chars: [...b].length };
}

/** Share of characters right, in [0, 1] (0 when the edits outnumber the expected characters). */
export function charAccuracy(read: string, expected: string): number {
  const { edits, chars } = charErrors(read, expected);
  return chars === 0 ? (edits === 0 ? 1 : 0) : Math.max(0, 1 - edits / chars);
}
