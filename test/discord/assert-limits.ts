/** Asserts every Discord message limit on rendered payloads (or on raw bodies sent to REST). */
import { expect } from 'vitest';
import type { DiscordPayload } from '../../src/adapters/discord/render-embed.js';

interface EmbedJson {
  title?: string;
  description?: string;
  fields?: Array<{ name: string; value: string }>;
  footer?: { text: string };
  author?: { name: string };
}

interface ButtonJson {
  type: number;
  custom_id?: string;
  label?: string;
}

/** A message body as JSON: what discord.js sends. */
export interface MessageJson {
  content?: string;
  embeds?: EmbedJson[];
  components?: Array<{ type: number; components: ButtonJson[] }>;
  allowed_mentions?: { parse?: string[] };
  flags?: number;
}

/** Converts a rendered payload to the JSON Discord receives. */
export function toJson(p: DiscordPayload): MessageJson {
  return {
    content: p.content,
    embeds: p.embeds.map((e) => e.toJSON() as EmbedJson),
    components: p.components.map((r) => r.toJSON() as { type: number; components: ButtonJson[] }),
    allowed_mentions: { parse: [...(p.allowedMentions.parse ?? [])] },
  };
}

/** Characters Discord counts towards the 6000 limit of one embed. */
export function embedChars(e: EmbedJson): number {
  return (
    (e.title?.length ?? 0) +
    (e.description?.length ?? 0) +
    (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0) +
    (e.footer?.text.length ?? 0) +
    (e.author?.name.length ?? 0)
  );
}

/** Fails the test when any limit is exceeded. */
export function expectWithinLimits(m: MessageJson): void {
  expect(m.allowed_mentions?.parse).toEqual([]);
  if (m.content !== undefined) {
    expect(m.content.length).toBeGreaterThan(0);
    expect(m.content.length).toBeLessThanOrEqual(2000);
  }
  const embeds = m.embeds ?? [];
  expect(embeds.length).toBeLessThanOrEqual(10);
  expect(embeds.reduce((n, e) => n + embedChars(e), 0)).toBeLessThanOrEqual(6000);
  for (const e of embeds) {
    expect(embedChars(e)).toBeGreaterThan(0);
    if (e.title !== undefined) expect(e.title.length).toBeGreaterThan(0);
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
    if (e.description !== undefined) expect(e.description.length).toBeGreaterThan(0);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(25);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(256);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(1024);
    }
    if (e.footer) {
      expect(e.footer.text.length).toBeGreaterThan(0);
      expect(e.footer.text.length).toBeLessThanOrEqual(2048);
    }
  }
  const rows = m.components ?? [];
  expect(rows.length).toBeLessThanOrEqual(5);
  const ids = new Set<string>();
  for (const row of rows) {
    expect(row.components.length).toBeGreaterThan(0);
    expect(row.components.length).toBeLessThanOrEqual(5);
    for (const b of row.components) {
      expect(b.label?.length ?? 0).toBeGreaterThan(0);
      expect(b.label?.length ?? 0).toBeLessThanOrEqual(80);
      expect(b.custom_id?.length ?? 0).toBeGreaterThan(0);
      expect(b.custom_id?.length ?? 0).toBeLessThanOrEqual(100);
      expect(ids.has(b.custom_id ?? '')).toBe(false);
      ids.add(b.custom_id ?? '');
    }
  }
}

/** True when no string in `m` (content, embeds) holds an `@` not followed by a zero-width space. */
export function echoedTextIsInert(text: string): boolean {
  return !/@(?!\u200b)/u.test(text);
}
