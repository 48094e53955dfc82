/**
 * Discord glue of the moderator toolkit (`src/moderation/`): admins are members with Manage
 * Server or Manage Messages (resolved by Discord for the channel, re-checked on every use and
 * every button press); `/settings` is an ephemeral menu updated in place; `/faq` posts a topic's
 * answer publicly; `/unanswered` is ephemeral; auto-answers reply to the member's message; the
 * welcome message is posted and pinned with `message.pin()` (a polite note when the bot lacks
 * the permission). Every decision is made by {@link Moderation}.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  PermissionFlagsBits,
  type Client,
  type InteractionUpdateOptions,
} from 'discord.js';
import type { Logger } from 'pino';
import type { ConversationRef } from '../../core/assistant.js';
import { isPersonal, privateSuggestion } from '../../core/group-policy.js';
import { RATE_LIMITED_TEXT } from '../../core/rate-limit.js';
import type { SendBudget } from '../../core/send-budget.js';
import type { Incoming, Reply } from '../../core/types.js';
import {
  MENU_PREFIX,
  welcomeResultText,
  type Actor,
  type MenuView,
  type Moderation,
  type Outcome,
  type WelcomeMessage,
  type WelcomeResult,
} from '../../moderation/index.js';
import { groupOf } from '../../store/unanswered-log.js';
import { clipInput } from '../input.js';
import { COMMANDS } from './commands.js';
import {
  EPHEMERAL,
  scopeOf,
  userKey,
  type ButtonPressInteraction,
  type ChatMessage,
  type RespondableInteraction,
  type SlashCommandInteraction,
} from './interactions.js';
import { LIMITS, truncate } from './limits.js';
import { FAQ_OPTION, MOD_COMMANDS, SETTINGS_OPTION } from './moderation-commands.js';
import { neutralizeUserText } from './neutralize.js';
import { button, followUpRows, NO_MENTIONS, textPayload, type DiscordPayload, type RenderOptions } from './render-embed.js';

/** What the handlers lend the glue (closures of `createHandlers`). */
export interface DiscordKit {
  /** Runs one turn through the assistant; returns the rendered (styled) payloads. */
  answer(ref: ConversationRef, input: Incoming, options?: RenderOptions): Promise<DiscordPayload[]>;
  /** Replies to an interaction (public or ephemeral) under the channel budget. */
  respond(i: RespondableInteraction, ephemeral: boolean, work: () => Promise<DiscordPayload[]>): Promise<void>;
  /** A short ephemeral text. */
  say(i: RespondableInteraction, text: string): Promise<void>;
  /** True when the user is over their limit. */
  limited(userId: string): boolean;
  budget: SendBudget;
  log: Logger;
}

/** Hooks the existing handlers call. */
export interface DiscordModerationHooks {
  /** Styles a reply for its server. */
  present(reply: Reply, ref: ConversationRef): Promise<Reply>;
  /** Handles the toolkit's commands (and `/ask`, `/topics` where answers are off); true when handled. */
  slash(i: SlashCommandInteraction): Promise<boolean>;
  /** Handles `m:` settings buttons (and follow-ups where answers are off); true when handled. */
  button(i: ButtonPressInteraction): Promise<boolean>;
  /** False when the server turned answers off and the author is no admin. */
  memberAllowed(m: ChatMessage): Promise<boolean>;
  /** A server message that does not mention the bot (auto-answer mode). */
  unaddressed(m: ChatMessage): Promise<void>;
}

/** Posts and pins (or unpins) the welcome message. */
export interface WelcomePinner {
  /** Posts `payload` to `channelId` and pins it. */
  postAndPin(channelId: string, payload: DiscordPayload): Promise<{ result: 'pinned' | 'not-pinned' | 'not-posted'; messageId?: string }>;
  /** Unpins message `messageId` of `channelId`; false when it could not. */
  unpin(channelId: string, messageId: string): Promise<boolean>;
}

/** A {@link WelcomePinner} over a logged-in client (channel.send, then message.pin()). */
export function clientPinner(client: Client, logger?: Logger): WelcomePinner {
  return {
    async postAndPin(channelId, payload) {
      let message;
      try {
        const channel = await client.channels.fetch(channelId);
        if (!channel?.isSendable()) return { result: 'not-posted' };
        message = await channel.send(payload);
      } catch (error) {
        logger?.info({ err: error }, 'discord: welcome message not posted');
        return { result: 'not-posted' };
      }
      try {
        await message.pin();
        return { result: 'pinned', messageId: message.id };
      } catch (error) {
        logger?.info({ err: error }, 'discord: welcome message not pinned');
        return { result: 'not-pinned', messageId: message.id };
      }
    },
    async unpin(channelId, messageId) {
      try {
        const channel = await client.channels.fetch(channelId);
        if (!channel?.isTextBased() || !('messages' in channel)) return false;
        await channel.messages.unpin(messageId);
        return true;
      } catch (error) {
        logger?.info({ err: error }, 'discord: welcome message not unpinned');
        return false;
      }
    },
  };
}

/** Something with a member's permissions: interactions (`memberPermissions`) or messages (`member.permissions`). */
function permissionsOf(source: unknown): { has(bit: bigint): boolean } | null {
  if (typeof source !== 'object' || source === null) return null;
  const direct = (source as { memberPermissions?: unknown }).memberPermissions;
  const viaMember = (source as { member?: { permissions?: unknown } | null }).member?.permissions;
  const perms = direct ?? viaMember;
  return typeof perms === 'object' && perms !== null && typeof (perms as { has?: unknown }).has === 'function'
    ? (perms as { has(bit: bigint): boolean })
    : null;
}

/** True when the member can Manage Server or Manage Messages (Administrator implies both). */
export function isDiscordAdmin(source: unknown): boolean {
  const perms = permissionsOf(source);
  return perms !== null && (perms.has(PermissionFlagsBits.ManageGuild) || perms.has(PermissionFlagsBits.ManageMessages));
}

/** The group of a guild (`dc:<guild id>`), undefined in DMs. */
export function discordGroup(guildId: string | null): string | undefined {
  return guildId === null ? undefined : `dc:${guildId}`;
}

/** The settings menu as an ephemeral-able payload (`m:` buttons, ≤ 5 rows of ≤ 5). */
export function menuPayload(view: MenuView, note?: string): DiscordPayload {
  const rows = view.rows.slice(0, LIMITS.rows).map((row) =>
    new ActionRowBuilder<ButtonBuilder>().addComponents(
      row.slice(0, LIMITS.buttonsPerRow).map((b) => button(b.id, b.label, b.selected ? ButtonStyle.Primary : ButtonStyle.Secondary)),
    ),
  );
  const content = truncate(note ? `${note}\n\n${view.text}` : view.text, LIMITS.content);
  return { content, embeds: [], components: rows, allowedMentions: NO_MENTIONS };
}

/** Plain text quoting members' words, neutralized line by line. */
function quotedText(text: string): DiscordPayload {
  return textPayload(text.split('\n').map((line) => (line.trim() === '' ? '' : neutralizeUserText(line))).join('\n'));
}

type Updatable = ButtonPressInteraction & { update?: (options: InteractionUpdateOptions) => Promise<unknown> };

/** The moderator toolkit on Discord. Bind one per set of handlers with {@link DiscordModeration.bind}. */
export class DiscordModeration {
  constructor(
    readonly service: Moderation,
    private readonly pinner?: WelcomePinner,
  ) {}

  /** The hooks for handlers built around `kit`. */
  bind(kit: DiscordKit): DiscordModerationHooks {
    const w: Wiring = { service: this.service, pinner: this.pinner, kit };
    return {
      present: (reply, ref) => w.service.present(reply, groupOf(ref.scope)),
      slash: (i) => slashCommand(w, i),
      button: (i) => buttonPress(w, i),
      memberAllowed: (m) => w.service.memberAllowed(actorOf(m, m)),
      unaddressed: (m) => autoAnswerUnaddressed(w, m),
    };
  }
}

/** What every handler of the toolkit needs. */
interface Wiring {
  service: Moderation;
  pinner: WelcomePinner | undefined;
  kit: DiscordKit;
}

const actorOf = (i: { guildId: string | null }, source: unknown): Actor => ({
  group: discordGroup(i.guildId),
  isAdmin: async () => isDiscordAdmin(source),
});

const refOf = (userId: string, guildId: string | null, channelId: string | null): ConversationRef => ({
  user: userKey(userId),
  scope: scopeOf(guildId, channelId),
});

async function privately(i: RespondableInteraction, payload: DiscordPayload): Promise<void> {
  if (i.deferred || i.replied) await i.followUp({ ...payload, ...EPHEMERAL });
  else await i.reply({ ...payload, ...EPHEMERAL });
}

/** Renders an outcome only the actor sees (a topic's answer is public). */
async function renderOutcome(w: Wiring, i: RespondableInteraction, outcome: Outcome): Promise<void> {
  const { kit } = w;
  switch (outcome.kind) {
    case 'notice':
    case 'refused':
      return kit.say(i, outcome.text);
    case 'report':
      return privately(i, quotedText(outcome.text));
    case 'menu':
      return privately(i, menuPayload(outcome.view, outcome.note));
    case 'topics':
      return privately(i, { ...textPayload(outcome.text), components: followUpRows(outcome.topics) });
    case 'silent':
      return kit.say(i, await w.service.answersOffText(discordGroup(i.guildId)));
    case 'answer': {
      const ref = refOf(i.user.id, i.guildId, i.channelId);
      return kit.respond(i, false, () => kit.answer(ref, { type: 'button', id: outcome.topicId }, { note: outcome.intro }));
    }
  }
}

async function updateMenu(i: Updatable, payload: DiscordPayload): Promise<void> {
  if (typeof i.update === 'function' && !i.deferred && !i.replied) await i.update(payload);
  else {
    if (!i.deferred && !i.replied) await i.deferUpdate();
    await i.editReply(payload);
  }
}

/** A settings-menu button: the change, the menu updated in place, then the welcome if it changed. */
async function pressMenu(w: Wiring, i: Updatable): Promise<void> {
  if (w.kit.limited(i.user.id)) return w.kit.say(i, RATE_LIMITED_TEXT);
  const group = discordGroup(i.guildId);
  const outcome = await w.service.press(actorOf(i, i), i.customId);
  if (outcome.kind !== 'updated') return w.kit.say(i, outcome.text);
  await updateMenu(i, menuPayload(outcome.view, outcome.toast));
  if (!outcome.welcome || group === undefined || i.channelId === null) return;
  const { result, message } = await applyWelcome(w, group, i.channelId, outcome.welcome);
  const view = await w.service.welcomeDone(group, result, message);
  await i.editReply(menuPayload(view ?? outcome.view, welcomeResultText(result, 'discord')));
}

/** Posts and pins, or unpins, the group's welcome message. */
async function applyWelcome(
  w: Wiring,
  group: string,
  channelId: string,
  welcome: { action: 'post' } | { action: 'remove'; message?: WelcomeMessage },
): Promise<{ result: WelcomeResult; message?: WelcomeMessage }> {
  const { pinner } = w;
  if (welcome.action === 'post') {
    const posted = pinner ? await pinner.postAndPin(channelId, textPayload(await w.service.welcomeFor(group, 'discord'))) : { result: 'not-posted' as const };
    return posted.messageId === undefined ? { result: posted.result } : { result: posted.result, message: { chat: channelId, id: posted.messageId } };
  }
  const old = welcome.message;
  return { result: old === undefined || (pinner && (await pinner.unpin(old.chat, old.id))) ? 'unpinned' : 'unpin-failed' };
}

/** The toolkit's slash commands, and `/ask` `/topics` refused where the group turned answers off. */
async function slashCommand(w: Wiring, i: SlashCommandInteraction): Promise<boolean> {
  const { service } = w;
  const actor = actorOf(i, i);
  switch (i.commandName) {
    case MOD_COMMANDS.settings:
      await renderOutcome(w, i, await service.settingsCommand(actor, i.options.getString(SETTINGS_OPTION) ?? ''));
      return true;
    case MOD_COMMANDS.faq:
      await renderOutcome(w, i, await service.faq(actor, clipInput(i.options.getString(FAQ_OPTION) ?? '')));
      return true;
    case MOD_COMMANDS.unanswered:
      await renderOutcome(w, i, await service.unansweredReport(actor));
      return true;
    case COMMANDS.ask:
    case COMMANDS.topics:
      if (await service.memberAllowed(actor)) return false;
      await w.kit.say(i, await service.answersOffText(actor.group));
      return true;
    default:
      return false;
  }
}

/** Settings buttons, and follow-up buttons refused where the group turned answers off. */
async function buttonPress(w: Wiring, i: Updatable): Promise<boolean> {
  if (i.customId.startsWith(MENU_PREFIX)) {
    await pressMenu(w, i);
    return true;
  }
  if (i.guildId !== null && i.customId.startsWith('f:') && !(await w.service.memberAllowed(actorOf(i, i)))) {
    await w.kit.say(i, await w.service.answersOffText(discordGroup(i.guildId)));
    return true;
  }
  return false;
}

/** A guild message that does not mention the bot: answered only when auto-answer says so. */
async function autoAnswerUnaddressed(w: Wiring, m: ChatMessage): Promise<void> {
  const { kit } = w;
  const group = discordGroup(m.guildId);
  if (group === undefined || m.author.bot || m.system || m.webhookId !== null) return;
  // Only members' own words: forwards (empty content, text in a snapshot) are not auto-answered.
  const text = clipInput(m.content);
  if (text.trim() === '' || kit.budget.remaining(m.channelId) < 1) return;
  const outcome = await w.service.autoAnswer(group, text);
  if (outcome.kind !== 'answer') return;
  const note = [outcome.intro, isPersonal(text) ? privateSuggestion() : undefined].filter((s) => s !== undefined).join('\n');
  const payloads = await kit.answer(refOf(m.author.id, m.guildId, m.channelId), { type: 'button', id: outcome.topicId }, { note });
  if (!kit.budget.tryTake(m.channelId, payloads.length)) return;
  for (const p of payloads) await m.reply({ ...p, failIfNotExists: false });
}
