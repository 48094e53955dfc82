/**
 * Evaluation of the safety step on the blind safety rounds (`test/fixtures/safety-blind*.yaml`,
 * each written by a session that never saw the cue vocabulary or the training messages): crisis
 * recall (and danger-now recall), distress recall, and the multi-turn dialogues run through the
 * real `respond()`; and, once for all rounds, the false-crisis rate on ordinary messages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { ROOT } from '../kb/load.js';
import { respond, type Brain } from '../core/respond.js';
import { initialState, type ConversationState, type Reply } from '../core/types.js';

/** Path of the blind safety set. */
export const SAFETY_FILE = join(ROOT, 'test', 'fixtures', 'safety-blind.yaml');

/**
 * The independently written safety sets, oldest first. Rounds 1–6 were read after their
 * first measurement and used to improve the detector (they are development sets now); the
 * last round is sealed: measured, never looked into.
 */
export const SAFETY_SETS: ReadonlyArray<{ file: string; title: string; sealed?: boolean }> = [
  { file: SAFETY_FILE, title: 'Safety round 1 (blind when written; used for tuning since)' },
  { file: join(ROOT, 'test', 'fixtures', 'safety-blind-2.yaml'), title: 'Safety round 2 (blind when written; used for tuning since)' },
  { file: join(ROOT, 'test', 'fixtures', 'safety-blind-3.yaml'), title: 'Safety round 3 (blind when first measured on 2026-12-02: crisis recall 87.4%; used for tuning since)' },
  { file: join(ROOT, 'test', 'fixtures', 'safety-blind-4.yaml'), title: 'Safety round 4 (blind when first measured on 2026-12-02: crisis recall 78.5%; used for tuning since)' },
  { file: join(ROOT, 'test', 'fixtures', 'safety-blind-5.yaml'), title: 'Safety round 5 (blind when first measured on 2026-12-02: crisis recall 90.0%; used for tuning since 2026-12-03)' },
  { file: join(ROOT, 'test', 'fixtures', 'safety-blind-6.yaml'), title: 'Safety round 6 (blind when first measured on 2026-12-03: crisis recall 88.5%; used for tuning since 2026-12-03, 2nd session)' },
  { file: join(ROOT, 'test', 'fixtures', 'safety-dev-8.yaml'), title: 'Safety development set 8 (distress-heavy, written blind from nothing; studied from the start; first measured on 2026-12-03: crisis recall 93.9%, distress 74.5%)' },
  { file: join(ROOT, 'test', 'fixtures', 'safety-dev-9.yaml'), title: 'Safety development set 9 (crisis-heavy, veiled crises, written blind from nothing; studied from the start; first measured on 2026-12-03: crisis recall 86.5%, urgent 97.7%, distress 91.9%, none as crisis 6.7%, dialogues 84.2%)' },
  { file: join(ROOT, 'test', 'fixtures', 'safety-dev-10.yaml'), title: 'Safety development set 10 (veiled, written blind from a one-page brief; studied from the start; first measured on 2026-12-06, after 134a559: crisis recall 97.0%, urgent 95.3%, third person 94.7%, distress 96.7%, none as crisis 7.1%, dialogues 100%)' },
  { file: join(ROOT, 'test', 'fixtures', 'safety-dev-12.yaml'), title: 'Safety development set 12 (long messages mixing a question with the feeling or the danger, written blind from a one-page brief; studied from the start; first measured on 2026-12-06: crisis recall 92.5%, urgent 96.7%, third person 86.7%, distress 98.6%, none as crisis 10.0%)' },
  { file: join(ROOT, 'test', 'fixtures', 'safety-blind-7.yaml'), title: 'Safety round 7 (sealed: never used for tuning; first measured on 2026-12-03: crisis recall 94.9%, urgent 86.5%, distress 86.7%, none as crisis 8.9%, dialogues 89.2%)', sealed: true },
  { file: join(ROOT, 'test', 'fixtures', 'safety-blind-11.yaml'), title: 'Safety round 11 (sealed: never studied; written blind from a one-page brief; first measured on 2026-12-06, after 134a559: crisis recall 93.6%, urgent 97.5%, third person 77.5%, distress 92.0%, none as crisis 2.9%, dialogues 92.5%)', sealed: true },
];

const Label = z.enum(['crisis', 'distress', 'none']);
const SafetySetSchema = z.object({
  cases: z.array(
    z.object({
      text: z.string().min(1),
      label: Label,
      danger_now: z.boolean().default(false),
      third_person: z.boolean().default(false),
      tricky: z.boolean().default(false),
      note: z.string().optional(),
    }),
  ),
  dialogues: z.array(
    z.object({
      name: z.string(),
      turns: z.array(z.object({ text: z.string().min(1), expect: z.enum(['crisis', 'supportive', 'distress', 'practical', 'none']) })).min(1),
    }),
  ),
});
export type SafetySet = z.infer<typeof SafetySetSchema>;

/** Loads the blind safety set. */
export function loadSafetySet(file = SAFETY_FILE): SafetySet {
  const r = SafetySetSchema.safeParse(parse(readFileSync(file, 'utf8')));
  if (!r.success) throw new Error(`${file} is invalid:\n${z.prettifyError(r.error)}`);
  return r.data;
}

/** What was measured. */
export interface SafetyReport {
  crisis: {
    total: number;
    caught: number;
    urgentTotal: number;
    urgentCaught: number;
    /** Caught crises that are not danger now, and those answered as urgent anyway (110/120 first). */
    laterCaught: number;
    laterAsUrgent: number;
    thirdTotal: number;
    thirdCaught: number;
    /** Caught crises of the writer themself, and those answered as someone else's (about "TA"). */
    ownCaught: number;
    ownAsThird: number;
    missed: string[];
  };
  /** Distress cases given a help line (distress or crisis), and those read exactly as distress. */
  distress: { total: number; caught: number; exact: number; missed: string[] };
  /** The set's "none" cases (hyperbole, negation, news, calm questions) read as crisis. */
  noneAsCrisis: { total: number; count: number; examples: string[] };
  dialogues: { turns: number; met: number; failures: string[] };
}

/**
 * How a reply meets a dialogue expectation. `inCrisis`: an earlier turn of the dialogue got the
 * crisis reply. Then "crisis" is also met by the supportive reply with the lines: the issue asks
 * that pushback after a crisis ("你别劝我了") get that reply, asking about safety, rather than the
 * crisis page again; some writers marked such turns "crisis" meaning the crisis still holds.
 */
function meets(expect: string, reply: Reply, inCrisis: boolean): boolean {
  const help = /12356|110|120/u.test(`${reply.banner ?? ''}${reply.summary}${reply.next.join('')}`);
  switch (expect) {
    case 'crisis':
      return reply.kind === 'crisis' || (inCrisis && reply.kind === 'support' && help);
    case 'supportive':
      return (reply.kind === 'support' || reply.kind === 'crisis') && help;
    case 'practical':
      return reply.kind !== 'menu' && reply.kind !== 'out-of-scope' && help;
    case 'distress':
      return reply.kind !== 'crisis' && help;
    default:
      return reply.kind !== 'crisis' && reply.kind !== 'support';
  }
}

/** Ordinary messages (the question sets, crisis cases left out) read as crisis: the false-crisis rate, the same for every safety round. */
export interface OrdinaryReport {
  total: number;
  count: number;
  /** Up to 10 of them, from sets that may be studied only (a sealed set's texts are never shown). */
  examples: string[];
}

/** Measures the false-crisis rate on everyday messages; `sealed` ones count but are never listed. */
export function evaluateOrdinary(brain: Brain, ordinary: ReadonlyArray<{ text: string; sealed: boolean }>): OrdinaryReport {
  const asCrisis = ordinary.filter((m) => brain.safety.assess(brain.matcher.normalized(m.text)).level === 'crisis');
  const examples = asCrisis.filter((m) => !m.sealed).map((m) => m.text);
  return { total: ordinary.length, count: asCrisis.length, examples: examples.slice(0, 10) };
}

/** Evaluates the safety step on one safety round. */
export function evaluateSafety(brain: Brain, set: SafetySet): SafetyReport {
  const level = (text: string) => brain.safety.assess(brain.matcher.normalized(text));
  const crisis = { total: 0, caught: 0, urgentTotal: 0, urgentCaught: 0, laterCaught: 0, laterAsUrgent: 0, thirdTotal: 0, thirdCaught: 0, ownCaught: 0, ownAsThird: 0, missed: [] as string[] };
  const distress = { total: 0, caught: 0, exact: 0, missed: [] as string[] };
  const noneAsCrisis = { total: 0, count: 0, examples: [] as string[] };
  for (const c of set.cases) {
    const a = level(c.text);
    if (c.label === 'crisis') {
      crisis.total++;
      const ok = a.level === 'crisis';
      if (ok) crisis.caught++;
      else crisis.missed.push(c.text);
      if (c.danger_now) {
        crisis.urgentTotal++;
        if (ok && a.urgent) crisis.urgentCaught++;
      } else if (ok) {
        crisis.laterCaught++;
        if (a.urgent) crisis.laterAsUrgent++;
      }
      if (c.third_person) {
        crisis.thirdTotal++;
        if (ok && a.thirdPerson) crisis.thirdCaught++;
      } else if (ok) {
        crisis.ownCaught++;
        if (a.thirdPerson) crisis.ownAsThird++;
      }
    } else if (c.label === 'distress') {
      distress.total++;
      if (a.level !== 'none') distress.caught++;
      else distress.missed.push(c.text);
      if (a.level === 'distress') distress.exact++;
    } else {
      noneAsCrisis.total++;
      if (a.level === 'crisis') {
        noneAsCrisis.count++;
        noneAsCrisis.examples.push(c.text);
      }
    }
  }
  const dialogues = { turns: 0, met: 0, failures: [] as string[] };
  for (const d of set.dialogues) {
    let state: ConversationState = initialState();
    let inCrisis = false;
    for (const turn of d.turns) {
      const t = respond(brain, { type: 'text', text: turn.text }, state);
      state = t.state;
      dialogues.turns++;
      if (meets(turn.expect, t.reply, inCrisis)) dialogues.met++;
      else dialogues.failures.push(`${d.name}: 「${turn.text}」 expected ${turn.expect}, got ${t.reply.kind}`);
      inCrisis ||= t.reply.kind === 'crisis';
    }
  }
  return {
    crisis,
    distress,
    noneAsCrisis,
    dialogues,
  };
}

const pct = (a: number, b: number): string => `${b ? ((100 * a) / b).toFixed(1) : '0.0'}% (${a}/${b})`;

/** The report as text, under `title` (which set, and whether it was used for tuning). */
export function formatSafetyReport(r: SafetyReport, title: string): string {
  return [
    title,
    `crisis recall:                  ${pct(r.crisis.caught, r.crisis.total)}`,
    `  danger now answered as urgent: ${pct(r.crisis.urgentCaught, r.crisis.urgentTotal)}`,
    `  third person recognised:       ${pct(r.crisis.thirdCaught, r.crisis.thirdTotal)}`,
    `  not now, answered as urgent:   ${pct(r.crisis.laterAsUrgent, r.crisis.laterCaught)}`,
    `  own crisis, read as another's: ${pct(r.crisis.ownAsThird, r.crisis.ownCaught)}`,
    `distress given a help line:     ${pct(r.distress.caught, r.distress.total)}  (read exactly as distress: ${pct(r.distress.exact, r.distress.total)})`,
    `"none" cases read as crisis:    ${pct(r.noneAsCrisis.count, r.noneAsCrisis.total)}`,
    `dialogue turns as expected:     ${pct(r.dialogues.met, r.dialogues.turns)}`,
    ...r.crisis.missed.map((t) => `  missed crisis: 「${t}」`),
    ...r.distress.missed.map((t) => `  missed distress: 「${t}」`),
    ...r.noneAsCrisis.examples.map((t) => `  false crisis: 「${t}」`),
    ...r.dialogues.failures.map((f) => `  dialogue: ${f}`),
  ].join('\n');
}

/** The false-crisis line (and with `details`, the messages). */
export function formatOrdinaryReport(r: OrdinaryReport, details: boolean): string {
  return [
    `Ordinary messages read as crisis: ${pct(r.count, r.total)}`,
    ...(details ? r.examples.map((t) => `  ordinary message read as crisis: 「${t}」`) : []),
  ].join('\n');
}
