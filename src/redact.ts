/**
 * Redaction of personal numbers in free text: mainland mobile numbers, 18-digit resident ID
 * numbers and bank card numbers. Used by the logger and wherever user text is echoed or stored.
 */

/** Resident ID: 17 digits + digit/X. */
const ID_NUMBER = /(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)/gu;
/** Bank cards: 16–19 digits, optionally grouped by spaces or dashes. */
const CARD = /(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)/gu;
/** Mobile numbers (optionally +86), optionally grouped. */
const MOBILE = /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/gu;
/** Landlines such as 010-12345678 or 0755 1234 5678. */
const LANDLINE = /(?<!\d)0\d{2,3}[ -]?\d{3,4}[ -]?\d{4}(?!\d)/gu;

/** Replaces phone, ID and card numbers by masked forms (keeps a few digits for recognition). */
export function redactText(text: string): string {
  return text
    .replace(ID_NUMBER, (_m, a: string) => `${a.slice(0, 3)}***********${'*'.repeat(4)}`)
    .replace(CARD, (m) => `****${m.replace(/\D/g, '').slice(-4)}`)
    .replace(MOBILE, (m) => {
      const d = m.replace(/\D/g, '').slice(-11);
      return `${d.slice(0, 3)}****${d.slice(-4)}`;
    })
    .replace(LANDLINE, (m) => `${m.replace(/\D/g, '').slice(0, 3)}****`);
}
