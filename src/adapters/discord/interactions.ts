/**
 * The small structural shapes of discord.js interactions and messages that the handlers and
 * the moderator glue both work on, and the conversation keys they share. A module of its own
 * so `handlers.ts` (and the modules it is split into) and `moderation.ts` can both import it
 * without importing each other. Real discord.js objects satisfy these interfaces; tests pass fakes.
 */
import {
  MessageFlags,
  type InteractionDeferReplyOptions,
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageReplyOptions,
} from 'discord.js';
import type { AttachmentInfo } from './attachments.js';
import type { DiscordPayload } from './render-embed.js';

/** Who pressed/typed, as discord.js exposes it. */
export interface DiscordUser {
  readonly id: string;
  readonly bot: boolean;
}

/** What every handled interaction offers (a subset of discord.js's interaction API). */
export interface RespondableInteraction {
  readonly user: DiscordUser;
  readonly guildId: string | null;
  readonly channelId: string | null;
  readonly deferred: boolean;
  readonly replied: boolean;
  reply(options: InteractionReplyOptions): Promise<unknown>;
  deferReply(options?: InteractionDeferReplyOptions): Promise<unknown>;
  editReply(options: InteractionEditReplyOptions): Promise<unknown>;
  followUp(options: InteractionReplyOptions): Promise<unknown>;
}

/** A chat-input (slash) command interaction. */
export interface SlashCommandInteraction extends RespondableInteraction {
  readonly commandName: string;
  readonly options: {
    getString(name: string, required?: boolean): string | null;
    getBoolean(name: string, required?: boolean): boolean | null;
  };
}

/** The message a context-menu command targets. */
export interface TargetMessage {
  readonly id: string;
  readonly content: string;
  readonly channelId: string;
  readonly author: DiscordUser;
  readonly attachments?: ReadonlyMap<string, AttachmentInfo>;
}

/** A message context-menu command interaction. */
export interface MessageMenuInteraction extends RespondableInteraction {
  readonly commandName: string;
  readonly targetMessage: TargetMessage;
  readonly memberPermissions?: { has(permission: bigint): boolean } | null;
}

/** A button press. */
export interface ButtonPressInteraction extends RespondableInteraction {
  readonly customId: string;
  readonly memberPermissions: { has(permission: bigint): boolean } | null;
  deferUpdate(): Promise<unknown>;
}

/** A received message (a subset of discord.js's Message). */
export interface ChatMessage {
  readonly id: string;
  readonly content: string;
  readonly author: DiscordUser;
  readonly guildId: string | null;
  readonly channelId: string;
  readonly system: boolean;
  readonly webhookId: string | null;
  readonly mentions: { readonly users: { has(id: string): boolean } };
  /** Forwarded messages: the content is empty and the text is in the snapshot(s). */
  readonly messageSnapshots?: ReadonlyMap<string, { readonly content: string }>;
  readonly attachments?: ReadonlyMap<string, AttachmentInfo>;
  reply(options: MessageReplyOptions): Promise<unknown>;
}

/** Posts messages into a channel (used to answer a member's message for a moderator). */
export interface ChannelPoster {
  /** Sends `payload` to `channelId`, as a reply to message `replyTo` when given. Rejects on failure. */
  post(channelId: string, payload: DiscordPayload, replyTo?: string): Promise<void>;
}

/** The flags of a reply only its recipient sees. */
export const EPHEMERAL = { flags: MessageFlags.Ephemeral } as const;

/** Platform-qualified user id used for conversation state. */
export function userKey(userId: string): string {
  return `dc:${userId}`;
}

/** The conversation scope: `guild:<g>:channel:<c>` in servers, `dm` in direct messages. */
export function scopeOf(guildId: string | null, channelId: string | null): string {
  return guildId === null ? 'dm' : `guild:${guildId}:channel:${channelId ?? 'unknown'}`;
}
