/** The shape every platform connector shares (one per platform, started by `src/main.ts`). */
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Assistant } from '../core/assistant.js';
import type { Moderation } from '../moderation/service.js';
import type { TextFromImage } from '../ocr/index.js';

/** What a connector needs from the application. */
export interface AdapterDeps {
  assistant: Assistant;
  config: Config;
  logger: Logger;
  /** The moderator toolkit for groups/servers (settings, auto-answers, /faq, /unanswered); optional. */
  moderation?: Moderation;
  /** Reads screenshots (one shared reader per process); without it images are not read. */
  images?: TextFromImage;
}

/** A started connector. `stop()` drains in-flight updates and disconnects. */
export interface RunningAdapter {
  readonly name: string;
  stop(): Promise<void>;
}
