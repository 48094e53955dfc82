/**
 * Interactive console chat on the core: type a question, or the number of a follow-up to
 * press it. `/menu` shows the topics, `/forget` clears the conversation, `/quit` (or Ctrl-D) exits.
 */
import { createInterface } from 'node:readline/promises';
import type { Readable, Writable } from 'node:stream';
import type { Assistant } from '../../core/assistant.js';
import { renderPlain } from '../../core/render-plain.js';
import type { FollowUp } from '../../kb/schema.js';
import type { Incoming } from '../../core/types.js';
import { clipInput } from '../input.js';

const REF = { user: 'console:local', scope: 'console' };

/** Maps what the user typed to an input: a number picks one of the last follow-ups. */
export function consoleInput(line: string, lastFollowUps: readonly FollowUp[]): Incoming | 'quit' | 'forget' {
  const t = line.trim();
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

/** Runs the console chat until EOF or `/quit`. */
export async function runConsole(assistant: Assistant, input: Readable, output: Writable): Promise<void> {
  const rl = createInterface({ input, output, terminal: (input as { isTTY?: boolean }).isTTY === true });
  output.write(
    '催收短信助手（控制台）。直接输入你的问题，输入数字选择后续问题；/menu 菜单，/forget 清除记录，/quit 退出。\n\n',
  );
  let followUps: FollowUp[] = [];
  const first = await assistant.handle(REF, { type: 'button', id: 'menu' });
  followUps = first.reply.followUps;
  output.write(`${renderPlain(first.reply)}\n\n`);
  rl.setPrompt('> ');
  rl.prompt();
  for await (const line of rl) {
    const action = consoleInput(line, followUps);
    if (action === 'quit') break;
    if (action === 'forget') {
      await assistant.forgetUser(REF.user);
      followUps = [];
      output.write('已清除这次对话的记录。\n\n');
    } else if (action.type === 'button' || line.trim() !== '') {
      const { reply } = await assistant.handle(REF, action);
      followUps = reply.followUps;
      output.write(`${renderPlain(reply)}\n\n`);
    }
    rl.prompt();
  }
  rl.close();
}
