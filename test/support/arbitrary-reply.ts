/**
 * A fast-check arbitrary for core replies whose every text field is drawn from `text` (as the
 * SMS analysis may quote user text anywhere), for the renderers' property tests.
 */
import fc from 'fast-check';
import type { Reply } from '../../src/core/types.js';

/** How long the lists may grow, and which follow-up ids to draw. */
export interface ReplyShape {
  /** Most steps. */
  steps: number;
  /** Most legal citations, contacts and cautions (each). */
  items: number;
  /** Most follow-ups. */
  followUps: number;
  /** Follow-up ids (besides arbitrary `text`). */
  followUpId: fc.Arbitrary<string>;
}

/** Replies of any kind with arbitrary text in every field. */
export function arbitraryReply(text: fc.Arbitrary<string>, shape: ReplyShape): fc.Arbitrary<Reply> {
  return fc.record({
    kind: fc.constantFrom('answer', 'clarify', 'out-of-scope', 'crisis', 'menu'),
    intent: fc.constant(null),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    topicId: fc.constant(null),
    title: text,
    context: fc.option(text, { nil: undefined }),
    summary: text,
    steps: fc.array(text, { maxLength: shape.steps }),
    legal: fc.array(fc.record({ law: text, article: text, quote: text, factRef: fc.constant('1') }), { maxLength: shape.items }),
    contacts: fc.array(fc.record({ name: text, contact: text, handles: text }), { maxLength: shape.items }),
    cautions: fc.array(text, { maxLength: shape.items }),
    template: fc.option(fc.record({ title: text, body: text }), { nil: undefined }),
    followUps: fc.array(fc.record({ id: fc.oneof(shape.followUpId, text), label: text }), { maxLength: shape.followUps }),
    disclaimer: text,
  });
}
