/** Localization helper for command builders: the zh-CN text of a name or description. */
import { Locale } from 'discord.js';

/** `{ zh-CN: text }`, for `setNameLocalizations` / `setDescriptionLocalizations`. */
export const zh = (text: string): Partial<Record<Locale, string>> => ({ [Locale.ChineseCN]: text });
