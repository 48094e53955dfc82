import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { findProblems } from '../src/kb/check.js';
import { KnowledgeError } from '../src/kb/errors.js';
import { DEFAULT_PATHS, loadKnowledge, type KnowledgePaths } from '../src/kb/load.js';
import { createNormalizer } from '../src/matcher/normalize.js';
import { loadBrain } from '../src/core/brain.js';

const dirs: string[] = [];
function copyData(): KnowledgePaths {
  const root = mkdtempSync(join(tmpdir(), 'kb-'));
  dirs.push(root);
  cpSync(DEFAULT_PATHS.knowledgeDir, join(root, 'knowledge'), { recursive: true });
  cpSync(DEFAULT_PATHS.intentsDir, join(root, 'intents'), { recursive: true });
  return { knowledgeDir: join(root, 'knowledge'), intentsDir: join(root, 'intents') };
}
function edit(file: string, change: (doc: Record<string, unknown>) => void): void {
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(doc);
  writeFileSync(file, stringify(doc));
}
function problems(paths: KnowledgePaths): string[] {
  const kb = loadKnowledge(paths);
  return findProblems(kb, createNormalizer(kb.lexicon.rewrites));
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('knowledge base validation', () => {
  it('GIVEN the repository data THEN it has no problems', () => {
    expect(problems(DEFAULT_PATHS)).toEqual([]);
  });

  it('GIVEN a follow-up pointing to no topic THEN the dangling id is reported with its file', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, 'legality.yaml'), (d) => {
      (d.followUps as Array<{ id: string }>)[0].id = 'no-such-topic';
    });
    expect(problems(p)).toContainEqual(expect.stringMatching(/knowledge\/legality\.yaml: followUps\[0\]\.id "no-such-topic"/));
  });

  it('GIVEN an intent whose topic file is missing THEN it is reported', () => {
    const p = copyData();
    rmSync(join(p.knowledgeDir, 'scam.yaml'));
    expect(problems(p)).toContainEqual(expect.stringMatching(/intents\/scam\.yaml: topic "scam" has no knowledge\/scam\.yaml/));
  });

  it('GIVEN the same utterance under two intents THEN both intents are named', () => {
    const p = copyData();
    const shared = (parse(readFileSync(join(p.intentsDir, 'legality.yaml'), 'utf8')) as { utterances: string[] }).utterances[0];
    edit(join(p.intentsDir, 'complain.yaml'), (d) => {
      (d.utterances as string[]).push(`${shared}。`);
    });
    expect(problems(p)).toContainEqual(expect.stringMatching(/appears under both intents\/(complain|legality)\.yaml and intents\/(complain|legality)\.yaml/));
  });

  it('GIVEN a legal citation without an article THEN loading fails naming the file and field', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, 'legality.yaml'), (d) => {
      (d.legal as Array<{ article: string }>)[0].article = '民法典';
    });
    expect(() => loadKnowledge(p)).toThrow(KnowledgeError);
    expect(() => loadKnowledge(p)).toThrow(/legality\.yaml is invalid[\s\S]*must name an article[\s\S]*legal\[0\]\.article/);
  });

  it('GIVEN an empty field THEN loading fails naming the field', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, 'impact.yaml'), (d) => {
      d.summary = '   ';
    });
    expect(() => loadKnowledge(p)).toThrow(/impact\.yaml is invalid[\s\S]*must not be empty[\s\S]*summary/);
  });

  it('GIVEN malformed YAML THEN start-up (loadBrain) stops with the file named', () => {
    const p = copyData();
    writeFileSync(join(p.knowledgeDir, 'scam.yaml'), 'id: scam\ntitle: [unclosed\n');
    expect(() => loadBrain({ paths: p })).toThrow(/scam\.yaml: not valid YAML/);
  });

  it('GIVEN _triage.yaml with a placeholder the core does not fill THEN it is reported with its path', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, '_triage.yaml'), (d) => {
      (d.messages as Record<string, string>).noted = '好的，已记下：{recapp}。';
    });
    expect(problems(p)).toContainEqual(expect.stringMatching(/_triage\.yaml: messages\.noted uses unknown placeholder \{recapp\}/));
  });

  it('GIVEN a start phrase of the guided analysis that swallows a training question THEN it is reported', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, '_triage.yaml'), (d) => {
      (d.parse as { start: string[] }).start.push('怎么办');
    });
    expect(problems(p)).toContainEqual(expect.stringMatching(/parse\.start matches the training utterance/));
  });

  it('GIVEN an invalid regular expression or an unknown lender type in _triage.yaml THEN loading fails naming the file', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, '_triage.yaml'), (d) => {
      (d.parse as { exit: string[] }).exit = ['(unclosed'];
    });
    expect(() => loadKnowledge(p)).toThrow(/_triage\.yaml is invalid[\s\S]*valid regular expression/);
    const q = copyData();
    edit(join(q.knowledgeDir, '_triage.yaml'), (d) => {
      ((d.plan as { steps: Array<{ when?: unknown }> }).steps[0]).when = { lender: ['pawn-shop'] };
    });
    expect(() => loadKnowledge(q)).toThrow(/_triage\.yaml is invalid/);
  });

  it('GIVEN _sms-check.yaml whose follow-up points nowhere THEN it is reported', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, '_sms-check.yaml'), (d) => {
      (d.followUps as Array<{ id: string }>)[1].id = 'no-such-topic';
    });
    expect(problems(p)).toContainEqual(expect.stringMatching(/_sms-check\.yaml: followUps\[1\]\.id "no-such-topic"/));
  });

  it('GIVEN an inconsistent knowledge base THEN loadBrain refuses to start', () => {
    const p = copyData();
    rmSync(join(p.knowledgeDir, 'scam.yaml'));
    expect(() => loadBrain({ paths: p })).toThrow(/problem/);
  });
});
