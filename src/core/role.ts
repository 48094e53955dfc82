/**
 * Reads who is speaking from what they write ("我是他同事", "我老公借的", "我爸去世了") with
 * the ordered rules of `intents/lexicon/roles.yaml`: negated statements ("我不是保证人") are
 * blanked out first, then the first matching rule decides. Pure.
 */
import type { SpeakerRole } from '../kb/roles.js';

/** Someone on the other side of the debt: the lender wanting it back, or a collector. */
export type OtherSide = 'creditor' | 'collector';

/** The role rules, compiled. */
export interface RoleRules {
  negations: readonly RegExp[];
  rules: ReadonlyArray<{ role: SpeakerRole; pattern: RegExp }>;
  otherSide: { creditor: readonly RegExp[]; collector: readonly RegExp[]; unless: readonly RegExp[] };
}

/** The data of roles.yaml. */
export interface RoleData {
  negations: readonly string[];
  rules: ReadonlyArray<{ role: SpeakerRole; pattern: string }>;
  other_side: { creditor: readonly string[]; collector: readonly string[]; unless: readonly string[] };
}

/** Compiles the data of roles.yaml. */
export function compileRoleRules(data: RoleData): RoleRules {
  const all = (patterns: readonly string[]) => patterns.map((p) => new RegExp(p, 'u'));
  return {
    negations: data.negations.map((p) => new RegExp(p, 'gu')),
    rules: data.rules.map((r) => ({ role: r.role, pattern: new RegExp(r.pattern, 'u') })),
    otherSide: { creditor: all(data.other_side.creditor), collector: all(data.other_side.collector), unless: all(data.other_side.unless) },
  };
}

/** The normalized text with negated statements blanked out. */
function affirmed(rules: RoleRules, normalized: string): string {
  let text = normalized;
  for (const n of rules.negations) text = text.replace(n, '　');
  return text;
}

/** The speaker's role if the normalized text states or implies one. */
export function detectRole(rules: RoleRules, normalized: string): SpeakerRole | undefined {
  const text = affirmed(rules, normalized);
  return rules.rules.find((r) => r.pattern.test(text))?.role;
}

/**
 * The other side of the debt if the writer is the lender ("朋友欠我两万不还") or a collector
 * ("我在催收公司上班"), and the message tells nothing of collection reaching the writer or of
 * the writer's own debt; otherwise undefined.
 */
export function detectOtherSide(rules: RoleRules, normalized: string): OtherSide | undefined {
  const text = affirmed(rules, normalized);
  const { creditor, collector, unless } = rules.otherSide;
  if (unless.some((r) => r.test(text))) return undefined;
  if (collector.some((r) => r.test(text))) return 'collector';
  return creditor.some((r) => r.test(text)) ? 'creditor' : undefined;
}
