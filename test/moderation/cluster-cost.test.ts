/**
 * `/unanswered` clusters up to 200 questions of up to 500 characters each, on the bot's only
 * thread. The work per pair of questions is bounded (only their first characters are compared)
 * and the clustering yields to the event loop between slices, so other chats keep being answered.
 * Counted, not timed: the similarity function is wrapped to add up the bigram sets it compares.
 */
import { describe, expect, it, vi } from 'vitest';

const work = vi.hoisted(() => ({ lookups: 0 }));
vi.mock('../../src/moderation/similarity.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/moderation/similarity.js')>();
  return {
    ...real,
    jaccard: (a: ReadonlySet<string>, b: ReadonlySet<string>) => {
      work.lookups += Math.min(a.size, b.size);
      return real.jaccard(a, b);
    },
  };
});

const { clusterQuestions } = await import('../../src/moderation/cluster.js');

/** 200 distinct questions of 500 characters (pseudo-random common Han characters), as the unanswered log keeps them. */
function longQuestions(): Array<{ platform: string; text: string; bestGuess: null; confidence: number; at: Date }> {
  let seed = 42;
  const next = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  return Array.from({ length: 200 }, (_, q) => ({
    platform: 'telegram',
    text: Array.from({ length: 500 }, () => String.fromCodePoint(0x4e00 + (next() % 2000))).join(''),
    bestGuess: null,
    confidence: 0,
    at: new Date(q * 60_000),
  }));
}

describe('clustering cost', () => {
  it('GIVEN 200 distinct 500-character questions THEN the similarity work stays bounded (first characters only)', async () => {
    work.lookups = 0;
    const clusters = await clusterQuestions(longQuestions(), (t) => t);
    expect(clusters.reduce((n, c) => n + c.count, 0)).toBe(200);
    // 19,900 pairs (plus a little for picking examples): ~2.5 million set lookups; comparing the
    // whole 500 characters took ~10.5 million.
    expect(work.lookups).toBeLessThanOrEqual(3_000_000);
  });

  it('GIVEN 200 long questions THEN clustering lets other work run before it finishes', async () => {
    let other = false;
    setImmediate(() => {
      other = true;
    });
    const ranBeforeDone = await clusterQuestions(longQuestions(), (t) => t).then(() => other);
    expect(ranBeforeDone).toBe(true);
  });
});
