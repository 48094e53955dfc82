import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { KnowledgeError } from '../src/kb/errors.js';
import { DEFAULT_PATHS, loadKnowledge } from '../src/kb/load.js';
import { loadBrain } from '../src/core/brain.js';
import { copyData, edit, problems, useKbCopies } from './support/kb-copy.js';

useKbCopies();

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

  it('GIVEN a citation whose ref is not an article id THEN loading fails naming the file and field', () => {
    const p = copyData();
    edit(join(p.knowledgeDir, 'legality.yaml'), (d) => {
      (d.legal as Array<{ ref: string }>)[0].ref = '民法典第1033条';
    });
    expect(() => loadKnowledge(p)).toThrow(KnowledgeError);
    expect(() => loadKnowledge(p)).toThrow(/legality\.yaml is invalid[\s\S]*must be an article id[\s\S]*legal\[0\]\.ref/);
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
