/**
 * A Bot API that never leaves the process: a grammY API transformer that records every call
 * and answers it locally (never calling `prev`, so no network). Used by the hardening tests
 * and the soak, where thousands of calls through the HTTP stub would be needlessly slow.
 */
import type { Bot } from 'grammy';
import { BOT_INFO } from '../telegram/stub-bot-api.js';

/** One recorded call. */
export interface LocalCall {
  method: string;
  payload: Record<string, unknown>;
  /** The clock (see {@link installLocalApi}) when the call was made. */
  at: number;
}

/** Options for {@link installLocalApi}. */
export interface LocalApiOptions {
  /** Clock stamped on each call (default Date.now). */
  now?: () => number;
  /** Keep no call records (the soak counts instead, to measure memory honestly). */
  record?: boolean;
  /** Called for every call (e.g. counting). */
  onCall?: (method: string, payload: Record<string, unknown>) => void;
  /** Answer this call with an error instead (return undefined to answer normally). */
  fail?: (method: string, payload: Record<string, unknown>) => { error_code: number; description: string; retry_after?: number } | undefined;
}

/** The recorded calls plus helpers. */
export interface LocalApi {
  readonly calls: LocalCall[];
  /** Calls to `method`. */
  callsTo(method: string): LocalCall[];
  /** `sendMessage` calls. */
  sent(): LocalCall[];
  reset(): void;
}

/** Installs the local API on `bot` (install it after any transformer under test). */
export function installLocalApi(bot: Bot, options: LocalApiOptions = {}): LocalApi {
  const calls: LocalCall[] = [];
  const now = options.now ?? Date.now;
  let nextMessageId = 1;
  bot.api.config.use(async (_prev, method, payload) => {
    const body = (payload ?? {}) as Record<string, unknown>;
    if (options.record !== false) calls.push({ method, payload: body, at: now() });
    options.onCall?.(method, body);
    const failure = options.fail?.(method, body);
    if (failure) {
      const { retry_after, ...rest } = failure;
      return { ok: false, ...rest, ...(retry_after === undefined ? {} : { parameters: { retry_after } }) } as never;
    }
    return { ok: true, result: resultOf(method, body, nextMessageId++) } as never;
  });
  return {
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    sent: () => calls.filter((c) => c.method === 'sendMessage'),
    reset: () => {
      calls.length = 0;
    },
  };
}

function resultOf(method: string, body: Record<string, unknown>, messageId: number): unknown {
  if (method === 'getMe') return BOT_INFO;
  if (method !== 'sendMessage') return true;
  const chatId = Number(body.chat_id);
  return {
    message_id: messageId,
    date: 1_700_000_000,
    chat: chatId < 0 ? { id: chatId, type: 'supergroup', title: 'Group' } : { id: chatId, type: 'private', first_name: 'U' },
    from: { id: BOT_INFO.id, is_bot: true, first_name: BOT_INFO.first_name, username: BOT_INFO.username },
    text: String(body.text ?? ''),
  };
}
