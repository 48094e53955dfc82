/**
 * Discord specifics of the toolkit: the ephemeral settings menu updated in place, Manage
 * Server or Manage Messages as admin, the welcome message when the bot cannot post or pin,
 * `/unanswered` ephemeral and neutralized, auto-answers as replies, and the command definitions.
 */
import { ApplicationCommandType, PermissionFlagsBits } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../src/adapters/discord/commands.js';
import { isDiscordAdmin } from '../../src/adapters/discord/moderation.js';
import { loadBrain } from '../../src/core/brain.js';
import type { Brain } from '../../src/core/respond.js';
import { AUTO_NOTE, defaultSettings, NOT_ADMIN_TEXT } from '../../src/moderation/index.js';
import { IDS, rawButton, rawMessage, rawSlash, rawUser, type Json } from '../discord/harness.js';
import { discordDriver } from './discord-driver.js';
import { shanghai } from './driver.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const EPHEMERAL = 64;
const setup = async (patch: Partial<ReturnType<typeof defaultSettings>> = {}) => {
  const d = discordDriver(brain, { now: shanghai('12:00') });
  await d.service.settings.set(d.group, { ...defaultSettings(), ...patch });
  return d;
};
const callbacks = (d: Awaited<ReturnType<typeof setup>>): Json[] => d.rest.callbacks();
const bits = (...flags: bigint[]): string => String(flags.reduce((a, b) => a | b, 0n));

describe('Discord: settings', () => {
  it('GIVEN /settings by a moderator THEN the menu is ephemeral and a press updates that message in place', async () => {
    const d = await setup();
    try {
      await d.command('admin', 'settings');
      const [shown] = callbacks(d);
      expect(shown.type).toBe(4);
      expect((shown.data as Json).flags).toBe(EPHEMERAL);
      await d.press('admin', 'm:mode:auto');
      const [, update] = callbacks(d);
      expect(update.type).toBe(7);
      expect(String((update.data as Json).content)).toContain('回答方式：自动回答');
      expect(d.rest.channelPosts()).toHaveLength(0);
    } finally {
      await d.close();
    }
  });

  it('GIVEN Manage Server only THEN admin; Manage Messages only THEN admin; Administrator THEN admin; neither THEN refused', async () => {
    expect(isDiscordAdmin({ memberPermissions: { has: (b: bigint) => b === PermissionFlagsBits.ManageGuild } })).toBe(true);
    expect(isDiscordAdmin({ memberPermissions: { has: (b: bigint) => b === PermissionFlagsBits.ManageMessages } })).toBe(true);
    expect(isDiscordAdmin({ memberPermissions: { has: () => false } })).toBe(false);
    expect(isDiscordAdmin({ memberPermissions: null })).toBe(false);
    expect(isDiscordAdmin({ member: { permissions: { has: () => true } } })).toBe(true);
    const d = await setup();
    try {
      for (const [perms, refused] of [
        [bits(PermissionFlagsBits.ManageGuild), false],
        [bits(PermissionFlagsBits.Administrator), false],
        [bits(PermissionFlagsBits.SendMessages, PermissionFlagsBits.ViewChannel), true],
      ] as const) {
        const raw = rawSlash('settings', [], 'guild', rawUser(IDS.member, 'member'));
        (raw.member as Json).permissions = perms;
        await d.interact(raw);
        expect(d.take().refused, perms).toBe(refused);
      }
      await d.interact(rawButton('m:mode:off', { user: rawUser(IDS.member, 'member'), permissions: bits(PermissionFlagsBits.ManageGuild), ephemeral: true }));
      expect((await d.service.settingsOf(d.group)).answerMode).toBe('off');
    } finally {
      await d.close();
    }
  });

  it('GIVEN the bot cannot post in the channel THEN turning the welcome on says so politely, pins nothing and leaves it off', async () => {
    const d = await setup();
    try {
      d.rest.failChannelPosts = 403;
      await d.press('admin', 'm:wel:on');
      const o = d.take();
      expect(o).toMatchObject({ welcomePosted: false, pinned: false });
      expect(o.texts.join('\n')).toContain('没能发送介绍消息');
      expect(d.pins).toHaveLength(0);
      expect((await d.service.settingsOf(d.group)).welcome).toEqual({ enabled: false });
    } finally {
      await d.close();
    }
  });

  it('GIVEN the welcome turned on then off THEN the message is pinned, then unpinned through the pins route', async () => {
    const d = await setup();
    try {
      await d.press('admin', 'm:wel:on');
      const stored = (await d.service.settingsOf(d.group)).welcome;
      expect(stored.enabled).toBe(true);
      expect(stored.message?.chat).toBe(IDS.channel);
      await d.press('admin', 'm:wel:off');
      expect(d.rest.requests.filter((r) => /\/pins\//u.test(r.path)).map((r) => `${r.method} ${r.path}`)).toEqual([
        `PUT /channels/${IDS.channel}/messages/pins/${stored.message?.id}`,
        `DELETE /channels/${IDS.channel}/messages/pins/${stored.message?.id}`,
      ]);
    } finally {
      await d.close();
    }
  });
});

describe('Discord: answers and reports', () => {
  it('GIVEN auto mode THEN the answer replies to the member message with the automatic-answer note', async () => {
    const d = await setup({ answerMode: 'auto' });
    try {
      const raw = rawMessage({ channelId: IDS.channel, guildId: IDS.guild, author: rawUser(IDS.member, 'member'), content: '怎么投诉催收' });
      await d.inject(raw);
      const [post] = d.rest.find('POST', /^\/channels\/\d+\/messages$/u);
      const body = post.body as Json;
      expect(body.message_reference).toMatchObject({ message_id: raw.id });
      expect(body.content).toBe(AUTO_NOTE);
      expect(body.allowed_mentions).toEqual({ parse: [] });
      expect(d.take().answered).toEqual(['complain']);
    } finally {
      await d.close();
    }
  });

  it('GIVEN /unanswered THEN the report is ephemeral and quoted text cannot ping anyone', async () => {
    const d = await setup();
    try {
      await d.log.record({ platform: 'discord', group: d.group, text: '@everyone 今天天气怎么样 <@123>', bestGuess: null, confidence: 0.1, at: new Date() });
      await d.command('member', 'unanswered');
      expect((callbacks(d)[0].data as Json).content).toBe(NOT_ADMIN_TEXT);
      await d.command('admin', 'unanswered');
      const data = callbacks(d)[1].data as Json;
      expect(data.flags).toBe(EPHEMERAL);
      expect(String(data.content)).toContain('@\u200beveryone');
      expect(data.allowed_mentions).toEqual({ parse: [] });
    } finally {
      await d.close();
    }
  });

  it('GIVEN /faq with a topic THEN the answer is public; without THEN an ephemeral list of buttons', async () => {
    const d = await setup();
    try {
      await d.command('member', 'faq', '征信');
      expect((callbacks(d)[0].data as Json).flags ?? 0).toBe(0);
      await d.command('member', 'faq');
      const list = callbacks(d)[1].data as Json;
      expect(list.flags).toBe(EPHEMERAL);
      expect(JSON.stringify(list.components)).toContain('f:legality');
    } finally {
      await d.close();
    }
  });
});

describe('Discord: command definitions', () => {
  it('GIVEN the toolkit commands THEN /settings and /unanswered default to moderators in servers, /faq is open, all localized', () => {
    const defs = JSON.parse(JSON.stringify(commandDefinitions())) as Array<Record<string, unknown>>;
    const byName = new Map(defs.map((d) => [d.name as string, d]));
    for (const name of ['settings', 'unanswered']) {
      expect(byName.get(name)?.default_member_permissions).toBe(String(PermissionFlagsBits.ManageMessages));
      expect(byName.get(name)?.contexts).toEqual([0]);
    }
    expect(byName.get('faq')?.default_member_permissions ?? null).toBeNull();
    expect((byName.get('faq')?.options as Array<{ required: boolean }>)[0].required).toBe(false);
    for (const name of ['settings', 'faq', 'unanswered']) {
      expect(byName.get(name)?.type ?? ApplicationCommandType.ChatInput).toBe(ApplicationCommandType.ChatInput);
      expect((byName.get(name)?.name_localizations as Record<string, string>)['zh-CN']).toBeTruthy();
    }
  });
});
