/**
 * The moderator toolkit for groups (Telegram) and servers (Discord), platform-neutral:
 * per-group settings, auto-answers, `/faq`, the unanswered-question report and export.
 * Platform glue: `src/adapters/telegram/moderation.ts`, `src/adapters/discord/moderation.ts`.
 */
export { Moderation, type Actor, type ModerationOptions, type Outcome, type PressOutcome } from './service.js';
export { GroupSettingsStore, settingsKey, SettingsTimeoutError, type GroupSettingsStoreOptions } from './settings-store.js';
export { defaultSettings, readSettings, type AnswerMode, type GroupSettings, type WelcomeMessage } from './settings.js';
export { MENU_PREFIX, type MenuButton, type MenuView } from './settings-menu.js';
export { clusterQuestions, type QuestionCluster } from './cluster.js';
export { buildReviewExport, reviewYaml, type ReviewExport } from './review-export.js';
export * from './texts.js';
