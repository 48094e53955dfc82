/**
 * Slash commands of the moderator toolkit: `/settings` and `/unanswered` (shown by default to
 * members who can manage messages; the handler re-checks Manage Server or Manage Messages on
 * every use) and `/faq`, localized for zh-CN. Part of `commandDefinitions()`.
 */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { zh } from './locale.js';

/** Command names. */
export const MOD_COMMANDS = { settings: 'settings', faq: 'faq', unanswered: 'unanswered' } as const;

/** `/settings change:<text>` (optional): a typed change, e.g. `quiet 23:00-07:00`. */
export const SETTINGS_OPTION = 'change';
/** `/faq topic:<text>` (optional): a topic id, label or name. */
export const FAQ_OPTION = 'topic';

/** `/settings [change]`. */
export function settingsCommand(): SlashCommandBuilder {
  const b = new SlashCommandBuilder()
    .setName(MOD_COMMANDS.settings)
    .setNameLocalizations(zh('设置'))
    .setDescription("The bot's settings for this server (moderators)")
    .setDescriptionLocalizations(zh('本服务器的机器人设置（管理员）'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
  b.addStringOption((o) =>
    o
      .setName(SETTINGS_OPTION)
      .setNameLocalizations(zh('修改'))
      .setDescription('A typed change, e.g. "quiet 23:00-07:00" or "timezone Asia/Taipei"')
      .setDescriptionLocalizations(zh('直接输入修改，例如 quiet 23:00-07:00 或 timezone Asia/Taipei'))
      .setRequired(false)
      .setMaxLength(100),
  );
  return b;
}

/** `/faq [topic]`. */
export function faqCommand(): SlashCommandBuilder {
  const b = new SlashCommandBuilder()
    .setName(MOD_COMMANDS.faq)
    .setNameLocalizations(zh('常见问题'))
    .setDescription("Post a topic's standard answer (no topic: list them)")
    .setDescriptionLocalizations(zh('发送某个话题的标准回答（不填则列出全部话题）'))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
  b.addStringOption((o) =>
    o
      .setName(FAQ_OPTION)
      .setNameLocalizations(zh('话题'))
      .setDescription('Topic name, e.g. 投诉 or legality')
      .setDescriptionLocalizations(zh('话题名，例如：投诉、征信、合法吗'))
      .setRequired(false)
      .setMaxLength(100),
  );
  return b;
}

/** `/unanswered`: the server's recent unanswered questions, grouped (moderators, ephemeral). */
export function unansweredCommand(): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(MOD_COMMANDS.unanswered)
    .setNameLocalizations(zh('未回答问题'))
    .setDescription('Questions I could not answer here, grouped (moderators)')
    .setDescriptionLocalizations(zh('本服务器里我没能回答的问题汇总（管理员）'))
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
}

/** The toolkit's commands as JSON bodies. */
export function moderationCommandDefinitions(): RESTPostAPIApplicationCommandsJSONBody[] {
  return [settingsCommand().toJSON(), faqCommand().toJSON(), unansweredCommand().toJSON()];
}
