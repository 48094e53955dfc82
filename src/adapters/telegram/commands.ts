/** Registers the bot's command menu with Telegram (`setMyCommands`), in Chinese and English. */
import type { Api } from 'grammy';
import { COMMANDS_EN, COMMANDS_ZH } from './texts.js';

/**
 * Sets the command list shown in Telegram clients: Chinese for users whose app language is
 * `zh`, English for everyone else (the default list). Call once at start-up.
 */
export async function registerCommands(api: Api): Promise<void> {
  await api.setMyCommands([...COMMANDS_EN]);
  await api.setMyCommands([...COMMANDS_ZH], { language_code: 'zh' });
}
