/**
 * Consistency of the law data itself (knowledge/law/): what a schema cannot say. Every law has
 * its kind and an effective date whose stated article really says it; rules that bind only some
 * lenders say whom; text is stored only for rules whose text was read; replacements exist.
 */
import type { Law, LawKind } from './law-schema.js';
import { NON_BINDING_KINDS } from './law-schema.js';
import { articleNumber } from './statute-text.js';

/** Kinds whose effective date may be left unstated (the text does not give it). */
const MAY_BE_UNDATED: readonly LawKind[] = ['司法解释', '行业自律规范'];
/** Kinds that bind only those they regulate: the data must say whom. */
const NEEDS_BINDS: readonly LawKind[] = ['部门规章', ...NON_BINDING_KINDS];

/** `2026-01-01` → `2026年1月1日`, the way statutes write a date. */
function chineseDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Problems of one law file (paths are relative to the repository). */
function lawProblems(law: Law, laws: ReadonlyMap<string, Law>): string[] {
  const file = `knowledge/law/${law.id}.yaml`;
  const out: string[] = [];
  const eff = law.effective;
  if ('unstated' in eff && !MAY_BE_UNDATED.includes(law.kind)) {
    out.push(`${file}: effective: a ${law.kind} needs an effective date (unstated is allowed only for ${MAY_BE_UNDATED.join(', ')})`);
  }
  if ('date' in eff && eff.article !== undefined) {
    const a = law.articles.find((x) => x.marker === eff.article);
    if (!a) out.push(`${file}: effective.article "${eff.article}" is not stored`);
    else if (!a.lines.some((l) => l.includes(chineseDate(eff.date)))) {
      out.push(`${file}: effective.date ${eff.date} is not stated in ${eff.article}`);
    }
  }
  if (NEEDS_BINDS.includes(law.kind) && law.binds === undefined) out.push(`${file}: binds: a ${law.kind} must say whom it binds`);
  const hasText = !NON_BINDING_KINDS.includes(law.kind);
  if (!hasText && (law.articles.length > 0 || law.source)) out.push(`${file}: a ${law.kind} was not read in full: store no text and no source`);
  if (hasText && !law.source) out.push(`${file}: source: a ${law.kind} needs its statute file`);
  if (hasText && law.articles.length === 0) out.push(`${file}: articles: none stored`);
  if (law.supersededBy && !laws.has(law.supersededBy)) out.push(`${file}: supersededBy "${law.supersededBy}" is no law`);
  const seen = new Set<string>();
  law.articles.forEach((a, i) => {
    if (seen.has(a.marker)) out.push(`${file}: articles[${i}] ${a.marker} appears twice`);
    seen.add(a.marker);
    if (articleNumber(a.marker) === '') out.push(`${file}: articles[${i}].marker "${a.marker}" is not an article marker`);
    if (a.supersededBy) {
      const [lawId, number] = a.supersededBy.split('/');
      const target = laws.get(lawId);
      if (!target?.articles.some((x) => articleNumber(x.marker) === number)) {
        out.push(`${file}: articles[${i}].supersededBy "${a.supersededBy}" is not a stored article`);
      }
    }
  });
  return out;
}

/** Every problem of the law data. */
export function findLawProblems(laws: ReadonlyMap<string, Law>): string[] {
  return [...laws.values()].flatMap((law) => lawProblems(law, laws));
}
