/**
 * `npm run discord:deploy`: registers the Discord application commands (`/ask`, `/topics`,
 * `/forget`, "Answer with bot"). With DISCORD_GUILD_ID they are registered in that guild
 * (visible at once); without it, globally. Exit 1 with a clear message on missing settings.
 */
import { deployCommands, DeployConfigError, deployTarget } from '../adapters/discord/deploy.js';
import { ConfigError, loadConfig } from '../config.js';

async function main(): Promise<void> {
  const summary = await deployCommands(deployTarget(loadConfig()));
  process.stdout.write(`discord:deploy ok: ${summary}\n`);
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DeployConfigError;
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`discord:deploy failed: ${known ? message : `${message}\n(check DISCORD_TOKEN and DISCORD_APP_ID)`}\n`);
  process.exitCode = 1;
});
