/**
 * How the Discord handlers answer an interaction: {@link respondTo} (reply at once or defer,
 * public answers under the channel budget, ephemeral with a note when the channel is full) and
 * {@link sayTo} (a short ephemeral text, whatever state the interaction is in). Shared by the
 * slash-command, context-menu and button handlers and lent to the moderator glue.
 */
import type { SendBudget } from '../../core/send-budget.js';
import { EPHEMERAL, type RespondableInteraction } from './interactions.js';
import { LIMITS, truncate } from './limits.js';
import { textPayload, type DiscordPayload } from './render-embed.js';
import { CHANNEL_BUSY_NOTE } from './texts.js';

/** What {@link respondTo} needs besides the interaction. */
export interface RespondSettings {
  /** Per-channel budget of public messages. */
  budget: SendBudget;
  /** Reply at once when the answer is ready within this time, else defer first. */
  deferAfterMs: number;
}

/** `payload` with `note` put first in its content (≤ 2000 characters). */
export function withNote(payload: DiscordPayload, note: string): DiscordPayload {
  const content = payload.content ? `${note}\n${payload.content}` : note;
  return { ...payload, content: truncate(content, LIMITS.content) };
}

/** The key of a channel in the budget. */
function channelKey(channelId: string | null): string {
  return channelId ?? 'unknown';
}

/** The work's payloads if they are ready within `ms`, else null (the work goes on; it never rejects unhandled). */
function readyWithin(pending: Promise<DiscordPayload[]>, ms: number): Promise<DiscordPayload[] | null> {
  pending.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    pending,
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Replies at once if the work is quick, else defers first; extra payloads go as follow-ups.
 * A public answer takes one message per payload from the channel's budget; when the channel
 * is full the answer is sent ephemerally instead, with {@link CHANNEL_BUSY_NOTE}.
 */
export async function respondTo(
  i: RespondableInteraction,
  ephemeral: boolean,
  work: () => Promise<DiscordPayload[]>,
  { budget, deferAfterMs }: RespondSettings,
): Promise<void> {
  const key = channelKey(i.channelId);
  const pending = work();
  const early = await readyWithin(pending, deferAfterMs);
  let hidden = ephemeral;
  if (early === null) {
    // Visibility is chosen at the defer; the deferred reply is the first message.
    const busy = !hidden && !budget.tryTake(key, 1);
    hidden ||= busy;
    await i.deferReply(hidden ? EPHEMERAL : {});
    const payloads = await pending;
    await i.editReply(busy ? withNote(payloads[0], CHANNEL_BUSY_NOTE) : payloads[0]);
    const rest = payloads.slice(1);
    const restHidden = hidden || !budget.tryTake(key, rest.length);
    for (const p of rest) await i.followUp({ ...p, ...(restHidden ? EPHEMERAL : {}) });
    return;
  }
  const busy = !hidden && !budget.tryTake(key, early.length);
  hidden ||= busy;
  const flags = hidden ? EPHEMERAL : {};
  await i.reply({ ...(busy ? withNote(early[0], CHANNEL_BUSY_NOTE) : early[0]), ...flags });
  for (const p of early.slice(1)) await i.followUp({ ...p, ...flags });
}

/** Answers an interaction with a short ephemeral text. */
export async function sayTo(i: RespondableInteraction, text: string): Promise<void> {
  const p = textPayload(text);
  if (i.deferred && !i.replied) await i.editReply(p);
  else if (i.replied) await i.followUp({ ...p, ...EPHEMERAL });
  else await i.reply({ ...p, ...EPHEMERAL });
}
