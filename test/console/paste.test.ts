import { EventEmitter } from 'node:events';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { consoleInput } from '../../src/adapters/console/console-chat.js';
import { pastedMessages } from '../../src/adapters/console/paste.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Feeds `groups` of lines: the lines of one group at the same moment, 500 ms between groups. */
async function messagesOf(groups: string[][], windowMs = 40): Promise<string[]> {
  const source = new EventEmitter();
  const messages = pastedMessages(source, windowMs);
  const out: string[] = [];
  const reading = (async () => {
    for await (const m of messages) out.push(m);
  })();
  for (const group of groups) {
    for (const line of group) source.emit('line', line);
    await vi.advanceTimersByTimeAsync(500);
  }
  source.emit('close');
  await vi.runAllTimersAsync();
  await reading;
  return out;
}

describe('console pastes', () => {
  it('GIVEN a four-line SMS pasted at once THEN it is one message with its line breaks', async () => {
    const sms = ['【速借宝】王丽女士您好，', '您的家人李强在我平台的借款已逾期62天，', '请转告其尽快处理。', '联系人：陈专员'];
    expect(await messagesOf([sms])).toEqual([sms.join('\n')]);
  });

  it('GIVEN lines typed one by one THEN each is its own message', async () => {
    expect(await messagesOf([['催收打电话给我妈'], ['合法吗'], ['/menu']])).toEqual(['催收打电话给我妈', '合法吗', '/menu']);
  });

  it('GIVEN lines already waiting before the first message is asked for THEN none is lost', async () => {
    const source = new EventEmitter();
    const messages = pastedMessages(source);
    source.emit('line', '第一行');
    source.emit('line', '第二行');
    await vi.advanceTimersByTimeAsync(100);
    source.emit('close');
    const out: string[] = [];
    for await (const m of messages) out.push(m);
    expect(out).toEqual(['第一行\n第二行']);
  });

  it('GIVEN a paste still being gathered when input ends THEN it is delivered', async () => {
    const source = new EventEmitter();
    const messages = pastedMessages(source);
    source.emit('line', 'a');
    source.emit('close');
    const out: string[] = [];
    for await (const m of messages) out.push(m);
    expect(out).toEqual(['a']);
  });

  it('GIVEN any groups of lines THEN each group becomes exactly one message, in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.string({ maxLength: 20 }), { minLength: 1, maxLength: 5 }), { maxLength: 5 }), async (groups) => {
        expect(await messagesOf(groups)).toEqual(groups.map((g) => g.join('\n')));
      }),
      { numRuns: 50 },
    );
  });

  it('GIVEN a pasted message whose first line looks like a command THEN it is text, not the command', () => {
    expect(consoleInput('/quit\n我家人收到了催收短信', [])).toEqual({ type: 'text', text: '/quit\n我家人收到了催收短信' });
    expect(consoleInput('/image ~/截图.png', [])).toEqual({ image: '~/截图.png' });
    expect(consoleInput('/quit', [])).toBe('quit');
  });
});
