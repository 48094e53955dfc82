/**
 * Interactive console chat on the core: type a question, or the number of a follow-up to
 * press it. `/menu` shows the topics, `/forget` clears the conversation, `/image <path>` reads
 * a screenshot, `/quit` (or Ctrl-D) exits. A multi-line paste is one message ({@link pastedMessages}).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Assistant } from '../../core/assistant.js';
import { renderPlain } from '../../core/render-plain.js';
import type { FollowUp } from '../../kb/schema.js';
import type { Incoming } from '../../core/types.js';
import type { TextFromImage } from '../../ocr/index.js';
import { imageInput, missingFileText, readImageFile } from '../image-input.js';
import { clipInput } from '../input.js';
import { pastedMessages, PASTE_WINDOW_MS } from './paste.js';

const REF = { user: 'console:local', scope: 'console' };

/** A console action that is not a turn of the core. */
export type ConsoleAction = 'quit' | 'forget' | { image: string };

/**
 * Maps what the user typed (one line, or a whole paste) to an input: a number picks one of
 * the last follow-ups; commands are single lines.
 */
export function consoleInput(line: string, lastFollowUps: readonly FollowUp[]): Incoming | ConsoleAction {
  const t = line.trim();
  if (t.includes('\n')) return { type: 'text', text: clipInput(line) };
  const image = /^\/image\s+(.+)$/u.exec(t);
  if (image) return { image: image[1].trim() };
  if (t === '/quit' || t === '/exit') return 'quit';
  if (t === '/forget') return 'forget';
  if (t === '/menu' || t === '/help' || t === '/start') return { type: 'button', id: 'menu' };
  const n = /^\[?(\d{1,2})\]?$/u.exec(t);
  if (n) {
    const f = lastFollowUps[Number(n[1]) - 1];
    if (f) return { type: 'button', id: f.id };
  }
  return { type: 'text', text: clipInput(line) };
}

/** Options for {@link runConsole}. */
export interface ConsoleOptions {
  /** Reads `/image` files (without it `/image` says images are not available). */
  images?: TextFromImage;
  /** Lines arriving within this many ms of each other are one message (default 40). */
  pasteWindowMs?: number;
}

/** The console's input for an `/image` file: the text read from it, or the reason it could not be read. */
async function imageTurn(images: TextFromImage | undefined, typed: string): Promise<Incoming | string> {
  if (!images) return '这个控制台没有开启图片识别。';
  const path = typed.replace(/^~(?=$|\/)/u, homedir());
  if (!existsSync(path)) return missingFileText(typed);
  const read = await imageInput(images, readImageFile(path));
  return read.ok ? read.input : read.notice;
}

/** Runs the console chat until EOF or `/quit`. */
export async function runConsole(assistant: Assistant, input: Readable, output: Writable, options: ConsoleOptions = {}): Promise<void> {
  const rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
  output.write(
    '催收短信助手（控制台）。直接输入你的问题（整条短信可以一次粘贴进来），输入数字选择后续问题；/image 图片路径 读取截图，/menu 菜单，/forget 清除记录，/quit 退出。\n\n',
  );
  const messages = pastedMessages(rl, options.pasteWindowMs ?? PASTE_WINDOW_MS);
  let followUps: FollowUp[] = [];
  const first = await assistant.handle(REF, { type: 'button', id: 'menu' });
  followUps = first.reply.followUps;
  output.write(`${renderPlain(first.reply)}\n\n`);
  rl.setPrompt('> ');
  rl.prompt();
  for await (const message of messages) {
    const action = consoleInput(message, followUps);
    if (action === 'quit') break;
    if (action === 'forget') {
      await assistant.forgetUser(REF.user);
      followUps = [];
      output.write('已清除这次对话的记录。\n\n');
    } else if ('image' in action) {
      const turn = await imageTurn(options.images, action.image);
      if (typeof turn === 'string') output.write(`${turn}\n\n`);
      else {
        const { reply } = await assistant.handle(REF, turn);
        followUps = reply.followUps;
        output.write(`${renderPlain(reply)}\n\n`);
      }
    } else if (action.type === 'button' || message.trim() !== '') {
      const { reply } = await assistant.handle(REF, action);
      followUps = reply.followUps;
      output.write(`${renderPlain(reply)}\n\n`);
    }
    rl.prompt();
  }
  rl.close();
}
