/**
 * Screenshots as Discord attachments through real discord.js structures (the offline harness),
 * a local HTTP server standing in for Discord's CDN, and the real OCR (one child for the file).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/adapters/discord/commands.js';
import { Assistant } from '../../src/core/assistant.js';
import { loadBrain } from '../../src/core/brain.js';
import { RateLimiter } from '../../src/core/rate-limit.js';
import type { Brain } from '../../src/core/respond.js';
import { ImageReader, ocrErrorText } from '../../src/ocr/index.js';
import { screenshot } from '../support/screenshots.js';
import { createHarness, destroyAfterEach, IDS, PERMS, rawMessage, rawMessageMenu, rawUser, snowflake, type Json } from './harness.js';

let brain: Brain;
let cdn: Server;
let cdnRoot = '';
const served: string[] = [];
const images = new ImageReader();
const FILES: Record<string, Buffer> = {
  'sms.png': screenshot('sms-dark-wqy-microhei.png'),
  'court.png': screenshot('sms-light-uming.png'),
  'broken.png': screenshot('corrupt-truncated.png'),
};

beforeAll(async () => {
  brain = loadBrain();
  cdn = createServer((req, res) => {
    const name = (req.url ?? '').split('/').pop()?.split('?')[0] ?? '';
    served.push(name);
    const bytes = FILES[name];
    if (bytes) res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': bytes.length }).end(bytes);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => cdn.listen(0, '127.0.0.1', resolve));
  cdnRoot = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await images.close();
  await new Promise((resolve) => cdn.close(resolve));
});

const keep = destroyAfterEach();
const harness = () =>
  keep(createHarness(brain, new Assistant(brain), { images, limiter: new RateLimiter({ capacity: 1000, refillPerSecond: 1000 }), deferAfterMs: 20_000 }));
const member = rawUser(IDS.member, 'member');
const botMention = rawUser(IDS.bot, 'helper-bot', true);

function attachment(name: string, size = FILES[name]?.length ?? 1000, contentType = 'image/png'): Json {
  return { id: snowflake(), filename: name, size, url: `${cdnRoot}/attachments/1/2/${name}?ex=1`, proxy_url: `${cdnRoot}/p/${name}`, content_type: contentType, width: 720, height: 1600 };
}

/** The text of everything the bot posted (content and embeds). */
function postedText(bodies: Json[]): string {
  return JSON.stringify(bodies);
}

describe('Discord screenshots', () => {
  it('GIVEN a DM with a screenshot attachment THEN it is read and answered with the SMS analysis and the masked reading', async () => {
    const h = harness();
    await h.message(rawMessage({ channelId: IDS.dm, author: member, content: '', extra: { channel_type: 1, attachments: [attachment('sms.png')] } }));
    const text = postedText(h.rest.channelPosts());
    expect(text).toContain('截图中读到的文字');
    expect(text).toContain('快易花');
    expect(text).toContain('这条短信的分析');
  });

  it('GIVEN a server message with a screenshot but no mention THEN it is not even downloaded', async () => {
    const h = harness();
    served.length = 0;
    await h.message(rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: member, content: '看看', extra: { attachments: [attachment('sms.png')] } }));
    expect(served).toEqual([]);
    expect(h.rest.channelPosts()).toHaveLength(0);
  });

  it('GIVEN a server message that mentions the bot with a screenshot THEN the reply analyses the screenshot', async () => {
    const h = harness();
    await h.message(
      rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: member, content: `<@${IDS.bot}> 这是真的吗`, mentions: [botMention], extra: { attachments: [attachment('court.png')] } }),
    );
    expect(postedText(h.rest.channelPosts())).toContain('中国人民法院');
  });

  it('GIVEN a corrupt image and one announced over 10 MB THEN each gets its clear reply and nothing crashes', async () => {
    const h = harness();
    served.length = 0;
    await h.message(rawMessage({ channelId: IDS.dm, author: member, content: '', extra: { channel_type: 1, attachments: [attachment('broken.png')] } }));
    await h.message(rawMessage({ channelId: IDS.dm, author: member, content: '', extra: { channel_type: 1, attachments: [attachment('huge.png', 11 * 1024 * 1024)] } }));
    const posts = h.rest.channelPosts().map((p) => p.content);
    expect(posts).toEqual([ocrErrorText('OCR_CORRUPT'), ocrErrorText('OCR_TOO_LARGE')]);
    expect(served).toEqual(['broken.png']);
  });

  it('GIVEN a moderator using "用助手回答" on a member\'s screenshot THEN the analysis is public; for anyone else only they see it', async () => {
    const h = harness();
    const target = rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: member, content: '', extra: { attachments: [attachment('sms.png')] } });
    await h.interact(rawMessageMenu(COMMANDS.answerWithBot, target, PERMS.moderator));
    const [publicAnswer] = h.rest.callbacks() as Array<{ data: { flags?: number } }>;
    expect(postedText([publicAnswer as Json])).toContain('快易花');
    expect(publicAnswer.data.flags ?? 0).toBe(0);
    await h.interact(rawMessageMenu(COMMANDS.answerWithBot, target, PERMS.none));
    const [, privateAnswer] = h.rest.callbacks() as Array<{ data: { flags?: number } }>;
    expect(postedText([privateAnswer as Json])).toContain('快易花');
    expect(privateAnswer.data.flags).toBe(64);
  });
});
