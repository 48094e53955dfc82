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
    kind: fc.constantFrom('answer', 'clarify', 'out-of-scope', 'crisis', 'menu', 'refusal', 'support'),
    intent: fc.constant(null),
    question: fc.constant(null),
    confidence: fc.double({ min: 0, max: 1, noNaN: true }),
    topicId: fc.constant(null),
    banner: fc.option(text, { nil: undefined }),
    title: text,
    context: fc.option(text, { nil: undefined }),
    echo: fc.option(text, { nil: undefined }),
    summary: text,
    next: fc.array(text, { maxLength: 3 }),
    steps: fc.array(text, { maxLength: shape.steps }),
    legal: fc.array(
      fc.record({
        ref: fc.constant('civil-code/1033'),
        label: text,
        kind: fc.constantFrom('法律' as const, '部门规章' as const, '推荐性国家标准' as const),
        binds: fc.option(text, { nil: undefined }),
        quotes: fc.array(text, { maxLength: 3 }),
        summary: text,
      }),
      { maxLength: shape.items },
    ),
    contacts: fc.array(fc.record({ name: text, contact: text, handles: text }), { maxLength: shape.items }),
    cautions: fc.array(text, { maxLength: shape.items }),
    template: fc.option(fc.record({ title: text, body: text }), { nil: undefined }),
    followUps: fc.array(fc.record({ id: fc.oneof(shape.followUpId, text), label: text }), { maxLength: shape.followUps }),
    disclaimer: text,
  });
}
