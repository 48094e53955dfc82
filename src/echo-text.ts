/**
 * User text made safe to show back to a group (the `/faq` "not found" notice, the question quoted
 * above a Discord answer): personal numbers masked, invisible and bidi control characters removed
 * (a right-to-left override could reorder the bot's own line), links turned into plain text
 * (`https[:]//evil[.]example`: no client makes that clickable) and `@` followed by a zero-width
 * space, so no echo can mention or ping anyone. Platform markup is escaped by each platform.
 */
import { redactText } from './redact.js';

/** Zero-width space. */
export const ZWSP = '\u200b';

/**
 * Zero-width characters, bidi marks, embeddings, overrides and isolates, word joiners, BOM, soft
 * hyphen and the Arabic letter mark: removed from echoed text.
 */
export const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]/gu;

/** `scheme://` of a URL. */
const SCHEME = /\b([a-z][a-z0-9+.-]{1,15}):\/\//giu;
/** A host name: labels joined by dots, ending in a top-level domain of letters. */
const HOST = /\b(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}\b/giu;

/** Inserts a zero-width space after every `@`. */
export function inertMentions(text: string): string {
  return text.replace(/@/gu, `@${ZWSP}`);
}

/** `https://evil.example/x` → `https[:]//evil[.]example/x`; `www.evil.example` → `www[.]evil[.]example`. */
export function defangLinks(text: string): string {
  return text.replace(SCHEME, '$1[:]//').replace(HOST, (host) => host.replace(/\./gu, '[.]'));
}

/** User text as it may be echoed publicly (see the module comment); newlines are kept. */
export function echoText(text: string): string {
  return inertMentions(defangLinks(redactText(text.replace(INVISIBLE, ''))));
}
