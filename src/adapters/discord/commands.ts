/**
 * Application command definitions: `/ask`, `/topics`, `/forget`, the message context-menu
 * command "Answer with bot" (moderators only) and the moderator toolkit's `/settings`, `/faq`,
 * `/unanswered` (`moderation-commands.ts`), all localized for zh-CN. Registered by
 * `src/cli/discord-deploy.ts`; the names here are what the handlers dispatch on.
 */
import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { zh } from './locale.js';
import { moderationCommandDefinitions } from './moderation-commands.js';

/** Command names (the English defaults; Discord sends these whatever the user's locale). */
export const COMMANDS = {
  ask: 'ask',
  topics: 'topics',
  forget: 'forget',
  answerWithBot: 'Answer with bot',
} as const;

/** Option names of `/ask`. */
export const ASK_OPTIONS = {
  question: 'question',
  private: 'private',
} as const;

/** Longest question accepted by `/ask` (the matcher reads the first 400 characters anyway). */
export const QUESTION_MAX_LENGTH = 1000;

/** `/ask question:<text> private:<boolean>`. */
export function askCommand(): SlashCommandBuilder {
  const b = new SlashCommandBuilder()
    .setName(COMMANDS.ask)
    .setNameLocalizations(zh('提问'))
    .setDescription('Ask about debt-collection texts sent to your family')
    .setDescriptionLocalizations(zh('咨询催收短信、电话打到家人的问题'))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
  b.addStringOption((o) =>
    o
      .setName(ASK_OPTIONS.question)
      .setNameLocalizations(zh('问题'))
      .setDescription('Your question, e.g. "Is it legal for them to text my parents?"')
      .setDescriptionLocalizations(zh('你的问题，例如：催收给我爸妈发短信合法吗？'))
      .setRequired(true)
      .setMaxLength(QUESTION_MAX_LENGTH),
  );
  b.addBooleanOption((o) =>
    o
      .setName(ASK_OPTIONS.private)
      .setNameLocalizations(zh('仅自己可见'))
      .setDescription('Only you can see the answer')
      .setDescriptionLocalizations(zh('回答只有你自己能看到'))
      .setRequired(false),
  );
  return b;
}

/** `/topics`: the menu of questions the bot can answer. */
export function topicsCommand(): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(COMMANDS.topics)
    .setNameLocalizations(zh('话题'))
    .setDescription('What I can help with')
    .setDescriptionLocalizations(zh('看看我能帮你解答哪些问题'))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
}

/** `/forget`: deletes the stored conversation state of the caller. */
export function forgetCommand(): SlashCommandBuilder {
  return new SlashCommandBuilder()
    .setName(COMMANDS.forget)
    .setNameLocalizations(zh('清除记录'))
    .setDescription('Delete what I remember about our conversations')
    .setDescriptionLocalizations(zh('删除我保存的你的对话记录'))
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
}

/** Message context menu "Answer with bot" (zh-CN 用助手回答), for members who can manage messages. */
export function answerWithBotCommand(): ContextMenuCommandBuilder {
  return new ContextMenuCommandBuilder()
    .setName(COMMANDS.answerWithBot)
    .setNameLocalizations(zh('用助手回答'))
    .setType(ApplicationCommandType.Message)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageMessages)
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall);
}

/** Every command as the JSON body Discord's bulk-overwrite endpoint expects. */
export function commandDefinitions(): RESTPostAPIApplicationCommandsJSONBody[] {
  return [
    askCommand().toJSON(),
    topicsCommand().toJSON(),
    forgetCommand().toJSON(),
    answerWithBotCommand().toJSON(),
    ...moderationCommandDefinitions(),
  ];
}
