/**
 * Screenshots through the real grammY handler: photo and document updates, the stub Bot API
 * serving getFile and the file download, and the real OCR (one child process for the file).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { ImageReader, ocrErrorText } from '../../src/ocr/index.js';
import { screenshot } from '../support/screenshots.js';
import { BOT_INFO, stubbedBot, useStubBotApi } from './stub-bot-api.js';
import { documentMessage, GROUP_ID, messageUpdate, photoMessage, textMessage } from './updates.js';

let brain: Brain;
let images: ImageReader;
const stub = useStubBotApi();
beforeAll(() => {
  brain = loadBrain();
  images = new ImageReader();
});
afterAll(() => images.close());

function setup(reader = images) {
  return stubbedBot(stub, new Assistant(brain), { images: reader });
}

const sentTexts = (): string[] => stub.callsTo('sendMessage').map((c) => String(c.body.text));
const ECHO = '截图中读到的文字';

describe('Telegram screenshots: private chat', () => {
  it('GIVEN a photo of a collection SMS THEN it is downloaded, read, shown back masked and analysed as an SMS', async () => {
    const { bot, logs } = setup();
    stub.addFile('dark-sms', screenshot('sms-dark-noto-sans.png'));
    await bot.handleUpdate(messageUpdate(photoMessage(42, 42, 'dark-sms')));
    expect(stub.callsTo('getFile')[0]?.body.file_id).toBe('dark-sms');
    expect(stub.downloads).toEqual(['photos/dark-sms']);
    const text = sentTexts().join('\n');
    expect(text).toContain(ECHO);
    expect(text).toContain('这条短信的分析');
    expect(text).toContain('速借宝');
    expect(text).toContain('139****5678');
    expect(text).not.toContain('13912345678');
    // Neither the image nor its text is logged.
    expect(logs.join('\n')).not.toContain('13912345678');
    expect(logs.join('\n')).not.toContain('王丽');
  });

  it('GIVEN an image document (PNG sent as a file) THEN it is read like a photo', async () => {
    const { bot } = setup();
    stub.addFile('doc-sms', screenshot('sms-light-wqy-zenhei.png'));
    await bot.handleUpdate(messageUpdate(documentMessage(42, 42, 'doc-sms', 'image/png')));
    expect(sentTexts().join('\n')).toContain('华通银行');
  });

  it('GIVEN an image document over 10 MB by its announced size THEN "too large" is replied without downloading', async () => {
    const { bot } = setup();
    await bot.handleUpdate(messageUpdate(documentMessage(42, 42, 'huge', 'image/jpeg', { fileSize: 11 * 1024 * 1024 })));
    expect(stub.callsTo('getFile')).toHaveLength(0);
    expect(sentTexts()).toEqual([ocrErrorText('OCR_TOO_LARGE')]);
  });

  it('GIVEN a corrupt PNG and a file that is no image THEN each gets its clear reply and nothing crashes', async () => {
    const { bot } = setup();
    stub.addFile('broken', screenshot('corrupt-truncated.png'));
    stub.addFile('text', Buffer.from('这不是图片，只是一段文字。'.repeat(20)));
    await bot.handleUpdate(messageUpdate(photoMessage(42, 42, 'broken')));
    await bot.handleUpdate(messageUpdate(documentMessage(42, 42, 'text', 'image/jpeg')));
    expect(sentTexts()).toEqual([ocrErrorText('OCR_CORRUPT'), ocrErrorText('OCR_NOT_IMAGE')]);
  });

  it('GIVEN getFile gives no path (file gone) THEN the download failure is explained', async () => {
    const { bot } = setup();
    await bot.handleUpdate(messageUpdate(photoMessage(42, 42, 'missing')));
    expect(sentTexts()).toEqual([ocrErrorText('OCR_DOWNLOAD_FAILED')]);
  });

  it('GIVEN a PDF document THEN it is not treated as an image (the text handler answers as before)', async () => {
    const { bot } = setup();
    await bot.handleUpdate(messageUpdate(documentMessage(42, 42, 'pdf', 'application/pdf')));
    expect(stub.callsTo('getFile')).toHaveLength(0);
    expect(sentTexts().join('\n')).not.toContain(ECHO);
  });

  it('GIVEN two screenshots at once and no room to queue THEN one is read and the other is asked to try later', async () => {
    const single = new ImageReader({ maxQueue: 0 });
    try {
      const { bot } = setup(single);
      stub.addFile('a', screenshot('sms-cropped.png'));
      await Promise.all([bot.handleUpdate(messageUpdate(photoMessage(51, 51, 'a'))), bot.handleUpdate(messageUpdate(photoMessage(52, 52, 'a')))]);
      const texts = sentTexts();
      expect(texts.filter((t) => t === ocrErrorText('OCR_BUSY'))).toHaveLength(1);
      expect(texts.some((t) => t.includes('快易花'))).toBe(true);
      expect(ocrErrorText('OCR_BUSY')).toContain('稍后再试');
    } finally {
      await single.close();
    }
  });
});

describe('Telegram screenshots: groups', () => {
  it('GIVEN a photo in a group without a mention THEN it is not read', async () => {
    const { bot } = setup();
    stub.addFile('g1', screenshot('sms-cropped.png'));
    await bot.handleUpdate(messageUpdate(photoMessage(GROUP_ID, 7, 'g1', { caption: '大家看看这个' })));
    expect(stub.callsTo('getFile')).toHaveLength(0);
    expect(sentTexts()).toHaveLength(0);
  });

  it('GIVEN a photo whose caption mentions the bot THEN it is read and answered as a reply to it', async () => {
    const { bot } = setup();
    stub.addFile('g2', screenshot('sms-cropped.png'));
    const msg = photoMessage(GROUP_ID, 7, 'g2', { caption: `@${BOT_INFO.username} 这是真的吗` });
    await bot.handleUpdate(messageUpdate(msg));
    const calls = stub.callsTo('sendMessage');
    expect(calls.map((c) => String(c.body.text)).join('\n')).toContain('快易花');
    expect(calls[0]?.body.reply_parameters).toMatchObject({ message_id: msg.message_id });
  });

  it('GIVEN /ask replying to a member\'s photo THEN the photo is read and the answer replies to it', async () => {
    const { bot } = setup();
    stub.addFile('g3', screenshot('sms-light-uming.png'));
    const photo = photoMessage(GROUP_ID, 8, 'g3');
    await bot.handleUpdate(messageUpdate(textMessage(GROUP_ID, 9, '/ask', { replyTo: photo })));
    const calls = stub.callsTo('sendMessage');
    expect(calls.map((c) => String(c.body.text)).join('\n')).toContain('中国人民法院');
    expect(calls[0]?.body.reply_parameters).toMatchObject({ message_id: photo.message_id });
  });
});
