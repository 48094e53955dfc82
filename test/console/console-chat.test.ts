/** The console chat end to end on streams: pastes, typed lines, and `/image` with the real OCR. */
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConsole } from '../../src/adapters/console/console-chat.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { ImageReader, ocrErrorText } from '../../src/ocr/index.js';
import { SCREENSHOTS } from '../support/screenshots.js';
import { waitFor } from '../support/wait.js';

let brain: Brain;
const images = new ImageReader();
beforeAll(() => {
  brain = loadBrain();
});
afterAll(() => images.close());

/** Starts a console; `type` writes input, `replies` counts the prompts answered so far. */
function startConsole() {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  const done = runConsole(new Assistant(brain), input, output, { images });
  // A prompt follows the menu and every reply.
  const answered = (): number => text.split('\n> ').length - 1;
  return {
    done,
    output: () => text,
    answered,
    async send(chunk: string, replies: number): Promise<void> {
      const before = answered();
      input.write(chunk);
      await waitFor(() => answered() >= before + replies, 60_000, () => `replies to ${JSON.stringify(chunk)}: ${text}`);
    },
    end: () => input.end(),
  };
}

describe('console chat', () => {
  it('GIVEN a multi-line SMS pasted in one go THEN one SMS analysis, not one answer per line', async () => {
    const c = startConsole();
    await waitFor(() => c.answered() >= 1, 10_000, () => c.output());
    const sms = '【速借宝】王丽女士您好，您的家人李强在我平台的借款已逾期62天，\n您是其预留的紧急联系人。\n请转告其尽快处理，否则我司将安排人员上门走访。\n联系人：陈专员 13912345678\n';
    await c.send(sms, 1);
    await new Promise((r) => setTimeout(r, 300));
    c.end();
    await c.done;
    expect(c.output().split('【这条短信的分析】')).toHaveLength(2);
    expect(c.answered()).toBe(2);
  });

  it('GIVEN two questions typed one after the other THEN two answers', async () => {
    const c = startConsole();
    await waitFor(() => c.answered() >= 1, 10_000, () => c.output());
    await c.send('催收打电话给我爸妈，这样合法吗\n', 1);
    await c.send('怎么投诉催收\n', 1);
    c.end();
    await c.done;
    expect(c.answered()).toBe(3);
    expect(c.output()).toContain('12378');
  });

  it('GIVEN /image with a screenshot, a missing file and a corrupt one THEN the analysis with the reading, then two clear replies', async () => {
    const c = startConsole();
    await waitFor(() => c.answered() >= 1, 10_000, () => c.output());
    await c.send(`/image ${SCREENSHOTS}/sms-light-uming.png\n`, 1);
    expect(c.output()).toContain('截图中读到的文字（号码已隐去）');
    expect(c.output()).toContain('中国人民法院');
    c.end();
    await c.done;
    const d = startConsole();
    await waitFor(() => d.answered() >= 1, 10_000, () => d.output());
    d.send(`/image ${SCREENSHOTS}/no-such.png\n`, 0);
    await waitFor(() => d.output().includes('找不到图片文件'), 10_000, () => d.output());
    d.send(`/image ${SCREENSHOTS}/corrupt-truncated.png\n`, 0);
    await waitFor(() => d.output().includes(ocrErrorText('OCR_CORRUPT')), 30_000, () => d.output());
    d.end();
    await d.done;
  });
});
