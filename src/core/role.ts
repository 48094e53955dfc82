/**
 * Reads who is speaking from what they write ("我是他同事", "我老公借的", "我爸去世了") with
 * the ordered rules of `intents/lexicon/roles.yaml`: negated statements ("我不是保证人") are
 * blanked out first, then the first matching rule decides. Pure.
 */
import type { SpeakerRole } from '../kb/roles.js';

/** The role rules, compiled. */
export interface RoleRules {
  negations: readonly RegExp[];
  rules: ReadonlyArray<{ role: SpeakerRole; pattern: RegExp }>;
}

/** Compiles the data of roles.yaml. */
export function compileRoleRules(data: { negations: readonly string[]; rules: ReadonlyArray<{ role: SpeakerRole; pattern: string }> }): RoleRules {
  return {
    negations: data.negations.map((p) => new RegExp(p, 'gu')),
    rules: data.rules.map((r) => ({ role: r.role, pattern: new RegExp(r.pattern, 'u') })),
  };
}

/** The speaker's role if the normalized text states or implies one. */
export function detectRole(rules: RoleRules, normalized: string): SpeakerRole | undefined {
  let text = normalized;
  for (const n of rules.negations) text = text.replace(n, '　');
  return rules.rules.find((r) => r.pattern.test(text))?.role;
}
