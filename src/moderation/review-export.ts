/**
 * The curators' export behind `npm run kb:review`: clusters of unanswered questions as a YAML
 * file shaped like the intent files (`utterances:` lists), each with a suggested intent and the
 * file its lines would go to. The texts were redacted when logged (phone, ID and card numbers
 * masked); the file still holds members' questions, so it is for review, not for committing.
 */
import { Document } from 'yaml';
import { INTENT_IDS } from '../kb/schema.js';
import type { QuestionCluster } from './cluster.js';

/** One exported cluster. */
export interface ReviewCluster {
  /** The matcher's best guess by vote (an intent id), or null: probably out of scope. */
  suggestedIntent: string | null;
  /** Where the lines would go. */
  target: string;
  count: number;
  meanConfidence: number;
  groups: string[];
  firstSeen: string;
  lastSeen: string;
  example: string;
  /** Distinct questions, newest first, ready to copy into `utterances:` (or `negatives:`). */
  utterances: string[];
}

/** The exported document. */
export interface ReviewExport {
  generated: string;
  source: { store: string; group: string; questions: number; clusters: number };
  clusters: ReviewCluster[];
}

const KNOWN_INTENTS: ReadonlySet<string> = new Set(INTENT_IDS);

/** Builds the export from clusters. */
export function buildReviewExport(
  clusters: readonly QuestionCluster[],
  meta: { generated: Date; store: string; group: string | undefined; questions: number },
): ReviewExport {
  return {
    generated: meta.generated.toISOString(),
    source: { store: meta.store, group: meta.group ?? 'all chats', questions: meta.questions, clusters: clusters.length },
    clusters: clusters.map((c) => {
      const intent = c.bestGuess !== null && KNOWN_INTENTS.has(c.bestGuess) ? c.bestGuess : null;
      return {
        suggestedIntent: intent,
        target: intent === null ? 'intents/_out-of-scope.yaml (negatives) — or a new topic' : `intents/${intent}.yaml`,
        count: c.count,
        meanConfidence: c.meanConfidence,
        groups: c.groups,
        firstSeen: c.firstSeen.toISOString(),
        lastSeen: c.lastSeen.toISOString(),
        example: c.example,
        utterances: c.texts,
      };
    }),
  };
}

/** The header comment of the file: what it is and how to use it. */
export const REVIEW_HEADER = [
  ' Questions the bot could not answer, grouped by similarity (npm run kb:review).',
  ' Numbers were masked when logged; the file still holds members\' questions: review it, do not commit it.',
  '',
  ' For each cluster:',
  '  - it asks a topic we have → copy the good lines from `utterances:` into the `utterances:` of `target`',
  '    (fix typos only if the typo is rare; keep the voice; one intent per line);',
  '  - it is off-topic → copy a few lines into `negatives:` of intents/_out-of-scope.yaml;',
  '  - it is a real need with no topic → write knowledge/<new-topic>.yaml and intents/<new-intent>.yaml.',
  ' Then: npm run kb:calibrate && npm run kb:check && npm run eval.',
  ' Never copy lines from test/fixtures/heldout.yaml; never keep a line with a name, address or amount that identifies someone.',
].join('\n');

/** The export as YAML text with its header comment. */
export function reviewYaml(data: ReviewExport): string {
  const doc = new Document(data);
  doc.commentBefore = REVIEW_HEADER;
  return doc.toString({ lineWidth: 0 });
}
