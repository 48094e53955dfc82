/**
 * Registers the application commands over Discord's REST API (bulk overwrite): in one guild
 * when a guild id is given (visible at once), otherwise globally. Used by `npm run discord:deploy`.
 */
import { Routes, type REST } from 'discord.js';
import type { Config } from '../../config.js';
import { commandDefinitions } from './commands.js';
import { discordRest } from './rest-root.js';

/** A required Discord setting is missing. */
export class DeployConfigError extends Error {
  override readonly name = 'DeployConfigError';
}

/** Where the commands go and with which credentials. */
export interface DeployTarget {
  token: string;
  appId: string;
  guildId?: string;
  /** REST base (`DISCORD_API_ROOT`); default https://discord.com/api. */
  apiRoot?: string;
}

/** Checks the configuration, naming every missing variable and where to find it. */
export function deployTarget(config: Config): DeployTarget {
  const missing: string[] = [];
  if (!config.DISCORD_TOKEN) missing.push('DISCORD_TOKEN (Developer Portal → your application → Bot → Reset Token)');
  if (!config.DISCORD_APP_ID) {
    missing.push('DISCORD_APP_ID (Developer Portal → your application → General Information → Application ID)');
  }
  if (!config.DISCORD_TOKEN || !config.DISCORD_APP_ID) {
    throw new DeployConfigError(`cannot register Discord commands, missing:\n- ${missing.join('\n- ')}\nSet them in .env (see .env.example).`);
  }
  return { token: config.DISCORD_TOKEN, appId: config.DISCORD_APP_ID, guildId: config.DISCORD_GUILD_ID, apiRoot: config.DISCORD_API_ROOT };
}

/** Overwrites the application's commands; resolves to a one-line summary. `rest` is for tests. */
export async function deployCommands(target: DeployTarget, rest: REST = discordRest(target.token, target.apiRoot)): Promise<string> {
  rest.setToken(target.token);
  const body = commandDefinitions();
  const route = target.guildId
    ? Routes.applicationGuildCommands(target.appId, target.guildId)
    : Routes.applicationCommands(target.appId);
  const result = await rest.put(route, { body });
  const count = Array.isArray(result) ? result.length : body.length;
  return target.guildId
    ? `registered ${count} Discord commands in guild ${target.guildId} (available now)`
    : `registered ${count} global Discord commands (Discord clients may take a few minutes to show changes)`;
}
