/**
 * Renders a platform-neutral {@link Reply} as Discord message payloads: embeds for the text,
 * button rows for the follow-ups. Every Discord limit is enforced here (title 256,
 * description 4096, field 256/1024, 25 fields, footer 2048, 6000 per message over all embeds,
 * 10 embeds, content 2000, labels 80, custom ids 100, 5×5 buttons). A reply too long for one
 * message is split cleanly at line boundaries into up to `maxMessages` messages; only beyond
 * that is text cut (and the footer says so). Every payload disables mention parsing.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  EmbedBuilder,
  type MessageMentionOptions,
} from 'discord.js';
import { citation, HEADINGS, quoted } from '../../core/render-plain.js';
import type { Reply, ReplyKind } from '../../core/types.js';
import type { FollowUp } from '../../kb/schema.js';
import { followUpCustomId } from './custom-ids.js';
import { chunkLines, LIMITS, truncate } from './limits.js';
import { neutralizeUserText, ZWSP } from './neutralize.js';

/** `allowedMentions` for every payload: nothing the bot sends can ping anyone. */
export const NO_MENTIONS: MessageMentionOptions = Object.freeze({ parse: [] }) as MessageMentionOptions;

/** One message to send. Compatible with reply, editReply, followUp, update and channel.send. */
export interface DiscordPayload {
  content?: string;
  embeds: EmbedBuilder[];
  components: ActionRowBuilder<ButtonBuilder>[];
  allowedMentions: MessageMentionOptions;
}

/** Options for {@link renderReply}. */
export interface RenderOptions {
  /** The user's question, echoed (neutralized) at the top of the answer. */
  question?: string;
  /** Plain text shown above the first embed, e.g. the private-chat suggestion. */
  note?: string;
  /** Most messages a reply may be split into (default 3). */
  maxMessages?: number;
  /** Show the follow-up buttons (default true). */
  buttons?: boolean;
}

/** Shown in the footer when a reply was too long even for `maxMessages` messages. */
export const CUT_NOTE = '（内容过长，部分已省略）';
/** Suffix of a field name continued from the previous field. */
export const CONTINUED = '（续）';

const COLORS: Record<ReplyKind, number> = {
  answer: 0x2f80ed,
  clarify: 0xf2c94c,
  'out-of-scope': 0x9b9b9b,
  crisis: 0xeb5757,
  menu: 0x27ae60,
  refusal: 0x9b9b9b,
  support: 0xeb5757,
};

const QUESTION_MAX = 300;
const CODE_FENCE = '```';
/** Pieces shorter than this are dropped rather than cut (a lone "…" helps nobody). */
const MIN_PIECE = 20;
/** Characters the fences of a code block add. */
const CODE_WRAP = 2 * (CODE_FENCE.length + 1);

interface Field {
  name: string;
  value: string;
}

interface EmbedDraft {
  title?: string;
  description?: string;
  fields: Field[];
  footer?: string;
}

/** Fills messages with embeds under every per-embed and per-message limit. */
class Packer {
  readonly messages: EmbedDraft[][] = [[{ fields: [] }]];
  truncated = false;
  private used = 0;
  private full = false;

  constructor(
    private readonly budget: number,
    private readonly maxMessages: number,
  ) {}

  private get message(): EmbedDraft[] {
    return this.messages[this.messages.length - 1];
  }

  private get embed(): EmbedDraft {
    return this.message[this.message.length - 1];
  }

  private get room(): number {
    return this.budget - this.used;
  }

  private newMessage(): boolean {
    if (this.messages.length >= this.maxMessages) {
      this.full = true;
      this.truncated = true;
      return false;
    }
    this.messages.push([{ fields: [] }]);
    this.used = 0;
    return true;
  }

  private newEmbed(): boolean {
    if (this.message.length >= LIMITS.embedsPerMessage) return this.newMessage();
    this.message.push({ fields: [] });
    return true;
  }

  /**
   * Room for `size` characters: moves to a new message when the current one is too full.
   * Returns the characters available (less than `size` means the caller must cut).
   */
  private fit(size: number): number {
    if (size <= this.room) return size;
    if (this.used > 0 && this.messages.length < this.maxMessages) this.newMessage();
    return Math.min(size, this.room);
  }

  /** Cuts the last piece of text that fits; nothing more is added afterwards. */
  private cut(): void {
    this.truncated = true;
    this.full = true;
  }

  title(text: string): void {
    const t = truncate(text.trim(), LIMITS.embedTitle);
    if (t === '') return;
    this.embed.title = t;
    this.used += t.length;
  }

  description(text: string): void {
    if (this.full || text === '') return;
    if (this.embed.description !== undefined || this.embed.fields.length > 0) {
      if (!this.newEmbed()) return;
    }
    const room = this.fit(text.length);
    if (room < text.length) {
      this.cut();
      if (room < MIN_PIECE) return;
      text = truncate(text, room);
    }
    this.embed.description = text;
    this.used += text.length;
  }

  field(name: string, value: string): void {
    if (this.full || value === '') return;
    if (this.embed.fields.length >= LIMITS.fields && !this.newEmbed()) return;
    const size = name.length + value.length;
    const room = this.fit(size);
    if (room < size) {
      this.cut();
      if (room - name.length < MIN_PIECE + CODE_WRAP) return;
      value = cutValue(value, room - name.length);
    }
    this.embed.fields.push({ name, value });
    this.used += name.length + value.length;
  }
}

/** Cuts a field value, keeping a code block closed. */
function cutValue(value: string, max: number): string {
  const open = `${CODE_FENCE}\n`;
  const close = `\n${CODE_FENCE}`;
  if (value.startsWith(open) && value.endsWith(close)) {
    return `${open}${truncate(value.slice(open.length, -close.length), max - CODE_WRAP)}${close}`;
  }
  return truncate(value, max);
}

/** "- a\n- b" lines of a section, each line already trusted knowledge-base text. */
function sectionFields(heading: string, lines: readonly string[]): Field[] {
  if (lines.length === 0) return [];
  return chunkLines(lines, LIMITS.fieldValue)
    .filter((v) => v.trim() !== '')
    .map((value, i) => ({ name: fieldName(i === 0 ? heading : `${heading}${CONTINUED}`), value }));
}

function fieldName(name: string): string {
  const n = truncate(name.trim(), LIMITS.fieldName);
  return n === '' ? ZWSP : n;
}

/** The template as one or more code-block field values (each ≤ 1024 with its fences). */
function templateFields(title: string, body: string): Field[] {
  const safe = body.trim().replace(/`{3,}/gu, (m) => [...m].join(ZWSP));
  if (safe === '') return [];
  const inner = LIMITS.fieldValue - CODE_WRAP;
  return chunkLines(safe.split('\n'), inner).map((chunk, i) => ({
    name: fieldName(i === 0 ? title : `${title}${CONTINUED}`),
    value: `${CODE_FENCE}\n${chunk === '' ? ZWSP : chunk}\n${CODE_FENCE}`,
  }));
}

function descriptionText(reply: Reply, question?: string): string {
  const parts: string[] = [];
  if (reply.banner?.trim()) parts.push(`**${reply.banner.trim()}**`);
  if (question !== undefined && question.trim() !== '') {
    parts.push(`> 问：${truncate(neutralizeUserText(question, QUESTION_MAX), QUESTION_MAX)}`);
  }
  // The echo holds text read from the user's image: neutralized like the question.
  if (reply.echo?.trim()) parts.push(neutralizeUserText(reply.echo.trim()));
  if (reply.context?.trim()) parts.push(reply.context.trim());
  if (reply.summary.trim()) parts.push(reply.summary.trim());
  if (reply.next.length > 0) {
    parts.push([`**${HEADINGS.next}**`, ...reply.next.map((s, i) => `${i + 1}. ${s.trim()}`)].join('\n'));
  }
  if (reply.steps.length > 0) {
    parts.push([`**${HEADINGS.steps}**`, ...reply.steps.map((s, i) => `${i + 1}. ${s.trim()}`)].join('\n'));
  }
  return parts.join('\n\n');
}

/**
 * Follow-up buttons as action rows: at most 5 per row and 5 rows, labels ≤ 80, custom ids
 * `f:<topicId>` (unique within the message). Invalid ids are skipped.
 */
export function followUpRows(followUps: readonly FollowUp[]): ActionRowBuilder<ButtonBuilder>[] {
  const seen = new Set<string>();
  const buttons: ButtonBuilder[] = [];
  for (const f of followUps) {
    const customId = followUpCustomId(f.id);
    if (customId === null || seen.has(customId)) continue;
    seen.add(customId);
    buttons.push(button(customId, f.label.trim() || f.id, ButtonStyle.Secondary));
    if (buttons.length === LIMITS.buttonsPerRow * LIMITS.rows) break;
  }
  return buttonRows(buttons);
}

/** A button with its label cut to 80 characters. */
export function button(customId: string, label: string, style: ButtonStyle): ButtonBuilder {
  const l = truncate(label.replace(/\s+/gu, ' ').trim(), LIMITS.buttonLabel);
  return new ButtonBuilder()
    .setCustomId(customId)
    .setLabel(l === '' ? '…' : l)
    .setStyle(style);
}

/** Groups buttons into rows of 5 (at most 5 rows; extra buttons are dropped). */
export function buttonRows(buttons: readonly ButtonBuilder[]): ActionRowBuilder<ButtonBuilder>[] {
  const rows: ActionRowBuilder<ButtonBuilder>[] = [];
  for (let i = 0; i < buttons.length && rows.length < LIMITS.rows; i += LIMITS.buttonsPerRow) {
    rows.push(new ActionRowBuilder<ButtonBuilder>().addComponents(buttons.slice(i, i + LIMITS.buttonsPerRow)));
  }
  return rows;
}

/**
 * Renders a reply as one message, or a few when it exceeds one message's limits. The note
 * (content) goes on the first message, the buttons on the last, the disclaimer in the footer
 * of the last embed.
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): DiscordPayload[] {
  const maxMessages = Math.max(1, options.maxMessages ?? 3);
  const footerBase = truncate(reply.disclaimer.trim(), LIMITS.footer - CUT_NOTE.length);
  const packer = new Packer(LIMITS.embedTotal - footerBase.length - CUT_NOTE.length, maxMessages);

  packer.title(reply.title);
  const description = descriptionText(reply, options.question);
  if (description !== '') {
    for (const chunk of chunkLines(description.split('\n'), LIMITS.embedDescription)) {
      if (chunk.trim() !== '') packer.description(chunk);
    }
  }
  const fields = [
    ...sectionFields(
      HEADINGS.legal,
      reply.legal.map((l) => `- **${citation(l)}**：${l.summary}${l.quotes.length > 0 ? `\n  *${HEADINGS.quote}*：${quoted(l)}` : ''}`),
    ),
    ...sectionFields(HEADINGS.contacts, reply.contacts.map((c) => `- **${c.name}**（${c.contact}）：${c.handles}`)),
    ...sectionFields(HEADINGS.cautions, reply.cautions.map((c) => `- ${c}`)),
    ...(reply.template ? templateFields(reply.template.title, reply.template.body) : []),
  ];
  for (const f of fields) packer.field(f.name, f.value);

  const drafts = packer.messages.map((embeds) => embeds.filter(hasContent)).filter((m) => m.length > 0);
  if (drafts.length === 0) drafts.push([{ fields: [] }]);
  const footer = `${footerBase}${packer.truncated ? CUT_NOTE : ''}`;
  const lastMessage = drafts[drafts.length - 1];
  const lastEmbed = lastMessage[lastMessage.length - 1];
  if (footer !== '') lastEmbed.footer = footer;
  if (!hasContent(lastEmbed)) lastEmbed.description = ZWSP;

  const color = COLORS[reply.kind];
  const payloads: DiscordPayload[] = drafts.map((embeds) => ({
    embeds: embeds.map((d) => toEmbed(d, color)),
    components: [],
    allowedMentions: NO_MENTIONS,
  }));
  const note = options.note?.trim();
  if (note) payloads[0].content = truncate(note, LIMITS.content);
  if (options.buttons !== false) payloads[payloads.length - 1].components = followUpRows(reply.followUps);
  return payloads;
}

function hasContent(d: EmbedDraft): boolean {
  return d.title !== undefined || d.description !== undefined || d.fields.length > 0 || d.footer !== undefined;
}

function toEmbed(d: EmbedDraft, color: number): EmbedBuilder {
  const e = new EmbedBuilder().setColor(color);
  if (d.title !== undefined) e.setTitle(d.title);
  if (d.description !== undefined) e.setDescription(d.description);
  if (d.fields.length > 0) e.addFields(d.fields.map((f) => ({ name: f.name, value: f.value, inline: false })));
  if (d.footer !== undefined) e.setFooter({ text: d.footer });
  return e;
}

/** A plain-text payload (≤ 2000 characters, no mentions), e.g. for short confirmations. */
export function textPayload(text: string): DiscordPayload {
  return { content: truncate(text, LIMITS.content) || ZWSP, embeds: [], components: [], allowedMentions: NO_MENTIONS };
}
