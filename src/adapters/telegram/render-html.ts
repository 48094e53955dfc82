/**
 * Telegram HTML rendering of a {@link Reply}: bold title, numbered steps, legal basis,
 * contacts, cautions, a copyable template and an italic disclaimer, split into messages of at
 * most 4096 characters. Every piece of text (knowledge data and user-derived text alike) is
 * escaped; the only markup is the fixed tags added here.
 */
import { citation, HEADINGS, quoted } from '../../core/render-plain.js';
import type { Reply } from '../../core/types.js';
import { chunkBlocks, TELEGRAM_TEXT_LIMIT, type Block, type Line } from './html-chunks.js';

/** Extra plain-text paragraphs around a reply (escaped like everything else). */
export interface RenderHtmlOptions {
  /** Paragraph before the title, e.g. a welcome line. */
  intro?: string;
  /** Paragraph after the disclaimer, e.g. the suggestion to continue in a private chat. */
  outro?: string;
  /** Chunk size limit (default 4096; smaller only in tests). */
  limit?: number;
}

/** Phone numbers, URLs and similar: copyable as code. */
const ASCII_ONLY = /^[\x21-\x7E](?:[\x20-\x7E]*[\x21-\x7E])?$/;

const heading = (text: string): Line => [{ text, tag: 'b' }];

/** Plain text as blocks: blank lines separate blocks, single newlines separate lines. */
function paragraphs(text: string | undefined): Block[] {
  if (text === undefined) return [];
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((p) => p.split('\n').map((l): Line => [{ text: l }]));
}

/** Builds the structured blocks of a reply (exported for tests and other renderers). */
export function replyBlocks(reply: Reply, options: RenderHtmlOptions = {}): Block[] {
  const blocks: Block[] = [];
  blocks.push(...paragraphs(options.intro));
  if (reply.banner) blocks.push([[{ text: reply.banner, tag: 'b' }]]);
  const head: Line[] = [heading(reply.title)];
  if (reply.echo) head.push([{ text: reply.echo, tag: 'i' }]);
  if (reply.context) head.push([{ text: reply.context, tag: 'i' }]);
  blocks.push(head);
  blocks.push(...paragraphs(reply.summary));
  if (reply.next.length > 0) {
    blocks.push([heading(HEADINGS.next), ...reply.next.map((s, i): Line => [{ text: `${i + 1}. ${s}` }])]);
  }
  if (reply.steps.length > 0) {
    blocks.push([heading(HEADINGS.steps), ...reply.steps.map((s, i): Line => [{ text: `${i + 1}. ${s}` }])]);
  }
  if (reply.legal.length > 0) {
    blocks.push([
      heading(HEADINGS.legal),
      ...reply.legal.flatMap((l): Line[] => [
        [{ text: '• ' }, { text: citation(l), tag: 'b' }, { text: `：${l.summary}` }],
        ...(l.quotes.length > 0 ? [[{ text: `${HEADINGS.quote}：`, tag: 'i' as const }, { text: quoted(l) }]] : []),
      ]),
    ]);
  }
  if (reply.contacts.length > 0) {
    blocks.push([
      heading(HEADINGS.contacts),
      ...reply.contacts.map((c): Line => [
        { text: '• ' },
        { text: c.name, tag: 'b' },
        { text: '（' },
        // Numbers and addresses in <code> (tap to copy); descriptive text stays plain.
        ASCII_ONLY.test(c.contact) ? { text: c.contact, tag: 'code' } : { text: c.contact },
        { text: `）：${c.handles}` },
      ]),
    ]);
  }
  if (reply.cautions.length > 0) {
    blocks.push([heading(HEADINGS.cautions), ...reply.cautions.map((c): Line => [{ text: `• ${c}` }])]);
  }
  if (reply.template) {
    blocks.push([heading(reply.template.title), [{ text: reply.template.body.trim(), tag: 'pre' }]]);
  }
  if (reply.disclaimer.trim()) blocks.push([[{ text: `※ ${reply.disclaimer}`, tag: 'i' }]]);
  blocks.push(...paragraphs(options.outro));
  return blocks;
}

/**
 * Renders a reply as Telegram HTML (`parse_mode: 'HTML'`) message texts, each at most
 * 4096 characters, split between sections or lines (never inside a tag or entity).
 */
export function renderReplyHtml(reply: Reply, options: RenderHtmlOptions = {}): string[] {
  return chunkBlocks(replyBlocks(reply, options), options.limit ?? TELEGRAM_TEXT_LIMIT);
}

/** Renders plain text (e.g. a notice) as escaped HTML chunks. */
export function renderTextHtml(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  return chunkBlocks(paragraphs(text), limit);
}
