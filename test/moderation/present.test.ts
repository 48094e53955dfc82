/**
 * A group's answer style applied to structured replies (identical on every platform): disabled
 * topics removed from follow-ups, concise answers, 繁體 output via OpenCC cn → tw; and finding
 * topics for `/faq`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBrain } from '../../src/core/brain.js';
import { respond, type Brain } from '../../src/core/respond.js';
import { initialState, type Reply } from '../../src/core/types.js';
import { defaultSettings } from '../../src/moderation/index.js';
import { CONCISE_NOTE, inScript, presentReply } from '../../src/moderation/present.js';
import { enabledTopics, findTopic, listableTopics } from '../../src/moderation/topics.js';

let brain: Brain;
beforeAll(() => {
  brain = loadBrain();
});

const topicReply = (id: string): Reply => respond(brain, { type: 'button', id }, initialState()).reply;

describe('presentReply', () => {
  it('GIVEN 繁體 THEN every visible text is converted (title, steps, legal labels and summaries, contacts, follow-ups, disclaimer) while statute quotes and numbers are untouched', () => {
    const reply = topicReply('d-steps-complain');
    const shown = presentReply(reply, { ...defaultSettings(), script: 'traditional' });
    expect(shown.title).toBe(inScript({ script: 'traditional' }, reply.title));
    expect(shown.title).not.toBe(reply.title);
    expect(shown.disclaimer).toContain('法律意見');
    const legal = topicReply('d-legal-complain');
    const legalShown = presentReply(legal, { ...defaultSettings(), script: 'traditional' });
    expect(legalShown.legal[0].label).toContain('華人民共和國');
    expect(legalShown.legal[0].quotes).toEqual(legal.legal[0].quotes);
    const ascii = (c: { contact: string }): boolean => /^[\x20-\x7e]+$/u.test(c.contact);
    expect(shown.contacts.filter(ascii).map((c) => c.contact)).toEqual(reply.contacts.filter(ascii).map((c) => c.contact));
    expect(shown.contacts.filter(ascii).length).toBeGreaterThan(0);
    expect(JSON.stringify(shown)).toContain('12378');
    expect(shown.followUps.map((f) => f.id)).toEqual(reply.followUps.map((f) => f.id));
    const template = topicReply('d-template-complain');
    expect(presentReply(template, { ...defaultSettings(), script: 'traditional' }).template?.body).not.toBe(template.template?.body);
  });

  it('GIVEN concise THEN the step details keep ≤ 3 steps and ≤ 2 contacts and say where the rest is, while a short answer is unchanged', () => {
    const reply = topicReply('d-steps-complain');
    const shown = presentReply(reply, { ...defaultSettings(), detail: 'concise' });
    expect(shown.summary).toBe(reply.summary);
    expect(shown.steps).toEqual(reply.steps.slice(0, 3));
    expect(shown.contacts.length).toBeLessThanOrEqual(2);
    expect(shown.cautions).toEqual([CONCISE_NOTE]);
    const short = topicReply('complain');
    expect(presentReply(short, { ...defaultSettings(), detail: 'concise' })).toEqual(short);
  });

  it('GIVEN concise THEN crisis answers and menus are never shortened', () => {
    for (const reply of [topicReply('crisis'), respond(brain, { type: 'button', id: 'menu' }, initialState()).reply]) {
      expect(presentReply(reply, { ...defaultSettings(), detail: 'concise' })).toEqual(reply);
    }
  });

  it('GIVEN disabled topics THEN they leave the follow-up buttons, crisis stays, and nothing else changes', () => {
    const reply = topicReply('legality');
    const off = reply.followUps[0].id;
    const shown = presentReply(reply, { ...defaultSettings(), disabledTopics: [off, 'crisis'] });
    expect(shown.followUps.map((f) => f.id)).toEqual(reply.followUps.map((f) => f.id).filter((id) => id !== off));
    expect(presentReply(reply, defaultSettings())).toEqual(reply);
    expect(presentReply(topicReply('crisis'), { ...defaultSettings(), disabledTopics: ['crisis'] }).kind).toBe('crisis');
  });
});

describe('topics', () => {
  it('GIVEN the knowledge base THEN listable topics exclude small talk, start with the menu, and crisis cannot be disabled', () => {
    const ids = listableTopics(brain).map((t) => t.id);
    expect(ids.slice(0, brain.kb.common.menu.length)).toEqual(brain.kb.common.menu.map((m) => m.id));
    for (const hidden of ['greeting', 'thanks', 'help']) expect(ids).not.toContain(hidden);
    expect(enabledTopics(brain, { disabledTopics: ['crisis', 'scam'] }).map((t) => t.id)).toContain('crisis');
    expect(enabledTopics(brain, { disabledTopics: ['crisis', 'scam'] }).map((t) => t.id)).not.toContain('scam');
  });

  it('GIVEN names typed after /faq THEN id, label, part of a name, Traditional, a question or nothing are resolved', () => {
    const ids = listableTopics(brain).map((t) => t.id);
    const find = (q: string, among = ids): unknown => findTopic(brain, q, among);
    expect(find('LEGALITY')).toEqual({ kind: 'found', topicId: 'legality' });
    expect(find('去哪里投诉？')).toEqual({ kind: 'found', topicId: 'complain' });
    expect(find('「投诉」')).toEqual({ kind: 'found', topicId: 'complain' });
    expect(find('投訴')).toEqual({ kind: 'found', topicId: 'complain' });
    expect(find('征信')).toEqual({ kind: 'found', topicId: 'credit-report' });
    expect(find('contacts')).toEqual({ kind: 'found', topicId: 'contacts-permission' });
    expect(find('怎么保存证据')).toEqual({ kind: 'found', topicId: 'evidence' });
    expect(find('催收打给我妈合法吗')).toEqual({ kind: 'found', topicId: 'legality' });
    expect(find('family')).toMatchObject({ kind: 'ambiguous' });
    expect(find('xyzzy')).toEqual({ kind: 'not-found' });
    expect(find('   ')).toEqual({ kind: 'not-found' });
    expect(find('legality', ids.filter((id) => id !== 'legality'))).toEqual({ kind: 'not-found' });
    expect(find('谢谢')).toEqual({ kind: 'not-found' });
  });
});
