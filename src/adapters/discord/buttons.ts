/**
 * The button handler: follow-ups (`f:<topicId>`, answered from the custom id alone, so they
 * survive restarts) and the moderator's pick from the context menu (`mod:…`: Manage Messages
 * checked on every press, posted only into the channel the press came from, under the channel
 * budget). The moderator toolkit's `m:` settings buttons go to its glue first.
 */
import { PermissionFlagsBits } from 'discord.js';
import { RATE_LIMITED_TEXT } from '../../core/rate-limit.js';
import { parseCustomId, type ModeratorPickId } from './custom-ids.js';
import { topicLabel, type DiscordHandlerKit } from './handler-kit.js';
import { scopeOf, userKey, type ButtonPressInteraction } from './interactions.js';
import { textPayload } from './render-embed.js';
import { GUILD_ONLY_TEXT, MOD_BUSY_TEXT, MOD_ONLY_TEXT, POST_FAILED_TEXT, STALE_BUTTON_TEXT } from './texts.js';

/** Replaces the moderator's ephemeral prompt with `text` (no embeds, no buttons). */
function closePrompt(i: ButtonPressInteraction, text: string): Promise<unknown> {
  return i.editReply({ ...textPayload(text), embeds: [], components: [] });
}

/** Posts the picked topic's answer as a reply to the member's message, for a moderator. */
async function postModeratorPick(kit: DiscordHandlerKit, i: ButtonPressInteraction, guildId: string, pick: ModeratorPickId): Promise<void> {
  const { budget, log } = kit;
  // Checked on every press, not only when the menu was shown: the permission may be gone,
  // and the button may be pressed by someone else. Manage Messages is resolved for the
  // channel of the press, so the answer may only go to that channel.
  if (i.memberPermissions?.has(PermissionFlagsBits.ManageMessages) !== true) return kit.say(i, MOD_ONLY_TEXT);
  if (pick.channelId !== i.channelId) return kit.say(i, STALE_BUTTON_TEXT);
  if (budget.remaining(pick.channelId) < 1) return kit.say(i, MOD_BUSY_TEXT);
  await i.deferUpdate();
  const member = { user: userKey(pick.authorId), scope: scopeOf(guildId, pick.channelId) };
  const payloads = await kit.answer(member, { type: 'button', id: pick.topicId });
  if (!budget.tryTake(pick.channelId, payloads.length)) {
    await closePrompt(i, MOD_BUSY_TEXT);
    return;
  }
  try {
    await kit.poster.post(pick.channelId, payloads[0], pick.messageId);
    for (const p of payloads.slice(1)) await kit.poster.post(pick.channelId, p);
  } catch (error) {
    log.warn({ err: error, event: 'mod-post-failed' }, 'discord: could not post the moderator-picked answer');
    await closePrompt(i, POST_FAILED_TEXT);
    return;
  }
  log.info({ event: 'mod-answered', topicId: pick.topicId }, 'discord moderator answer posted');
  await closePrompt(i, `已在频道里公开回复这条消息：「${topicLabel(kit, pick.topicId)}」。`);
}

/** The button handler; it resolves when done and never rejects. */
export function buttonHandler(kit: DiscordHandlerKit): (i: ButtonPressInteraction) => Promise<void> {
  return async (i) => {
    try {
      if (kit.mod && (await kit.mod.button(i))) return;
      const parsed = parseCustomId(i.customId);
      if (parsed === null) return await kit.say(i, STALE_BUTTON_TEXT);
      if (kit.limited(i.user.id)) return await kit.say(i, RATE_LIMITED_TEXT);
      if (parsed.kind === 'follow-up') {
        const ref = { user: userKey(i.user.id), scope: scopeOf(i.guildId, i.channelId) };
        return await kit.respond(i, i.guildId !== null, () => kit.answer(ref, { type: 'button', id: parsed.topicId }));
      }
      if (i.guildId === null) return await kit.say(i, GUILD_ONLY_TEXT);
      await postModeratorPick(kit, i, i.guildId, parsed);
    } catch (error) {
      await kit.failed(i, error, 'button');
    }
  };
}
