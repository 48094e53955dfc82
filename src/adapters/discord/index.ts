/** The Discord adapter (discord.js v14): `startDiscord` plus the pieces tests and CLIs reuse. */
export { startDiscord, createDiscordClient, wireClient, isDisallowedIntents, BASE_INTENTS, FULL_INTENTS } from './client.js';
export type { DiscordInternals, WiredClient, WireOptions } from './client.js';
export { commandDefinitions, COMMANDS, ASK_OPTIONS } from './commands.js';
export { deployCommands, deployTarget, DeployConfigError } from './deploy.js';
export type { DeployTarget } from './deploy.js';
export { createHandlers, scopeOf, userKey } from './handlers.js';
export type { DiscordHandlers, HandlerDeps } from './handlers.js';
export { renderReply, textPayload, NO_MENTIONS } from './render-embed.js';
export type { DiscordPayload, RenderOptions } from './render-embed.js';
