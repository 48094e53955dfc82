/** A minimal reply for renderer tests: every list empty, short fixed texts, `overrides` on top. */
import type { Reply } from '../../src/core/types.js';

export function testReply(overrides: Partial<Reply> = {}): Reply {
  return {
    kind: 'answer',
    intent: null,
    question: null,
    confidence: 1,
    topicId: null,
    title: 'T',
    summary: 'S',
    next: [],
    steps: [],
    legal: [],
    contacts: [],
    cautions: [],
    followUps: [],
    disclaimer: 'D',
    ...overrides,
  };
}
