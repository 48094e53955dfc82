/**
 * The slash-command handler: `/ask` (public, or ephemeral with `private:true`), `/topics` and
 * `/forget`; the moderator toolkit's commands go to its glue first. Commands this version does
 * not know (an older deploy's) get a polite notice.
 */
import { isPersonal, privateSuggestion } from '../../core/group-policy.js';
import { RATE_LIMITED_TEXT } from '../../core/rate-limit.js';
import { clipInput } from '../input.js';
import { ASK_OPTIONS, COMMANDS } from './commands.js';
import type { DiscordHandlerKit } from './handler-kit.js';
import { scopeOf, userKey, type SlashCommandInteraction } from './interactions.js';
import { FORGET_FAILED_TEXT, FORGET_OK_TEXT, UNKNOWN_COMMAND_TEXT } from './texts.js';

/** The slash-command handler; it resolves when done and never rejects. */
export function slashCommandHandler(kit: DiscordHandlerKit): (i: SlashCommandInteraction) => Promise<void> {
  const { assistant, log } = kit;
  return async (i) => {
    try {
      if (kit.limited(i.user.id)) return await kit.say(i, RATE_LIMITED_TEXT);
      if (kit.mod && (await kit.mod.slash(i))) return;
      const ref = { user: userKey(i.user.id), scope: scopeOf(i.guildId, i.channelId) };
      const inGuild = i.guildId !== null;
      switch (i.commandName) {
        case COMMANDS.ask: {
          // Not `required`: a stale registration without the option gets the menu, not an error.
          const question = clipInput(i.options.getString(ASK_OPTIONS.question) ?? '');
          const ephemeral = i.options.getBoolean(ASK_OPTIONS.private) ?? false;
          const note = inGuild && !ephemeral && isPersonal(question) ? privateSuggestion() : undefined;
          return await kit.respond(i, ephemeral, () => kit.answer(ref, { type: 'text', text: question }, { question, note }));
        }
        case COMMANDS.topics:
          return await kit.respond(i, inGuild, () => kit.answer(ref, { type: 'button', id: 'menu' }));
        case COMMANDS.forget: {
          const ok = await assistant.forgetUser(userKey(i.user.id));
          log.info({ event: 'forget', ok }, 'discord /forget');
          return await kit.say(i, ok ? FORGET_OK_TEXT : FORGET_FAILED_TEXT);
        }
        default:
          log.warn({ command: i.commandName }, 'discord: unknown slash command');
          return await kit.say(i, UNKNOWN_COMMAND_TEXT);
      }
    } catch (error) {
      await kit.failed(i, error, `/${i.commandName}`);
    }
  };
}
