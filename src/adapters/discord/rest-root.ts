/**
 * Where Discord's REST API is reached: `DISCORD_API_ROOT` (e.g. a nirn-proxy or
 * twilight-http-proxy in front of Discord, `http://127.0.0.1:8080/api`) or discord.js's default
 * `https://discord.com/api`. The gateway URL comes from that REST API (`GET /gateway/bot`), so a
 * proxy that forwards it also serves the gateway address. Used by the client, `discord:deploy` and
 * `start:sharded`, so none of them calls discord.com directly when a root is set.
 */
import { REST, Routes, type RESTGetAPIGatewayBotResult, type RESTOptions } from 'discord.js';

/** The `api` option of @discordjs/rest for `apiRoot` (nothing when unset: Discord itself). */
export function restRootOption(apiRoot: string | undefined): Partial<Pick<RESTOptions, 'api'>> {
  return apiRoot ? { api: apiRoot } : {};
}

/** A REST client (API v10) for `apiRoot`, with `token` set. */
export function discordRest(token: string, apiRoot: string | undefined): REST {
  return new REST({ version: '10', ...restRootOption(apiRoot) }).setToken(token);
}

/** Discord's recommended shard count (`GET /gateway/bot` through `rest`), at least 1. */
export async function recommendedShardCount(rest: REST): Promise<number> {
  const { shards } = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  return Number.isInteger(shards) && shards > 0 ? shards : 1;
}
