/**
 * The safety model: how serious a message is — crisis (intent, plan or means of self-harm,
 * danger now, or fear for someone's life), distress (despair without intent), or none — and
 * whether it asks for something the bot declines. Two parts work together:
 * - cues from the lexicon (`intents/lexicon/safety.yaml`), after negated phrases ("我不会想不开")
 *   and casual words (笑死、累死了) are blanked out; cues of news and stories defer to the model;
 * - a classifier (the matcher's Bayes + softmax + neighbours, model.ts) trained on
 *   `intents/_safety.yaml` plus every ordinary training utterance as "none", with thresholds
 *   chosen by cross-validation on that data only;
 * - two more classifiers of the same kind trained on the crisis messages alone: is the danger
 *   now (then 110/120 first, added to the cues' reading), and is it someone else's (the cues'
 *   third-person reading holds only when this one agrees).
 * Pure and synchronous.
 */
import type { SafetyLexicon, SafetyTraining, RefusalKind } from '../kb/safety-schema.js';
import { REFUSAL_KINDS } from '../kb/safety-schema.js';
import { Model, NONE, type ModelOptions } from '../matcher/model.js';
import type { ModelState } from '../matcher/model-train.js';
import type { Featurizer } from '../matcher/tokenize.js';
import { crossValidation } from '../matcher/folds.js';

/** How serious a message is. */
export type SafetyLevel = 'crisis' | 'distress' | 'none';

/** The assessment of one message. */
export interface Assessment {
  level: SafetyLevel;
  /** Danger now (pills taken, on a roof, someone breaking in): 110/120 first. */
  urgent: boolean;
  /** Someone else is in danger (a relative fearing for them). */
  thirdPerson: boolean;
  /** A request the bot declines, if any. */
  refusal?: RefusalKind;
  /** "别劝我了", "没用的": pushback (used in the turns after a crisis). */
  pushback: boolean;
  /** "我现在好多了", "人找到了，没事": the person says they (or the one they feared for) are safe. */
  safeNow: boolean;
  /** "报警了", "打了120", "警察说马上到": help was called; the danger may not be over. */
  helpCalled: boolean;
  /** "头好晕", "想吐": signs in the body (danger again after pills were taken). */
  symptom: boolean;
  /** "那个热线半夜有人接吗", "打过去说什么": a question about the help line itself. */
  hotline: boolean;
  /** "吓死我了", "腿都软了", "谢谢你听我说，好一点了": still shaken or fragile (read before casual words are blanked). */
  shaken: boolean;
}

/** Model thresholds, cross-validated. */
export interface SafetyThresholds {
  crisis: number;
  distress: number;
  /** A crisis is danger now when the urgency model gives at least this (or a cue says so). */
  now: number;
  /** The cues' third-person reading holds when the person model gives at least this. */
  other: number;
}

/** The three classifiers: the level (crisis / distress / none), and, for a crisis, now or not and whose. */
export interface SafetyModels<M = Model> {
  level: M;
  now: M;
  other: M;
}

const YES = 'yes';
const NO = 'no';

/** The compiled vocabulary. */
interface Cues {
  blank: RegExp[];
  reported: RegExp[];
  danger: RegExp[];
  imminent: RegExp[];
  means: RegExp[];
  now: RegExp[];
  crisis: RegExp[];
  distress: RegExp[];
  thirdPerson: RegExp[];
  firstPerson: RegExp[];
  pushback: RegExp[];
  safeNow: RegExp[];
  helpCalled: RegExp[];
  hotline: RegExp[];
  shaken: RegExp[];
  symptoms: RegExp[];
  refusals: ReadonlyArray<[RefusalKind, RegExp[]]>;
}

const CRISIS = 'crisis';
/** Texts with fewer content characters than this are judged by the cues alone ("算了", "90天"). */
const MIN_MODEL_CHARS = 5;
const CONTENT = /[\p{Script=Han}\p{L}\p{N}]/gu;
const DISTRESS = 'distress';

function compile(lexicon: SafetyLexicon): Cues {
  const re = (list: readonly string[], flags = 'u'): RegExp[] => list.map((p) => new RegExp(p, flags));
  return {
    blank: re([...lexicon.negations, ...lexicon.casual], 'gu'),
    reported: re(lexicon.reported),
    danger: re(lexicon.danger),
    imminent: re(lexicon.imminent),
    means: re(lexicon.means),
    now: re(lexicon.now),
    crisis: re(lexicon.crisis),
    distress: re(lexicon.distress),
    thirdPerson: re(lexicon.third_person),
    firstPerson: re(lexicon.first_person),
    pushback: re(lexicon.pushback),
    safeNow: re(lexicon.safe_now),
    helpCalled: re(lexicon.help_called),
    hotline: re(lexicon.hotline),
    shaken: re(lexicon.shaken),
    symptoms: re(lexicon.symptoms),
    refusals: REFUSAL_KINDS.map((k) => [k, re(lexicon.refusals[k])]),
  };
}

const any = (res: readonly RegExp[], t: string): boolean => res.some((r) => r.test(t));

/** A trained safety model. */
export class SafetyModel {
  private readonly cues: Cues;

  constructor(
    lexicon: SafetyLexicon,
    private readonly featurizer: Featurizer,
    private readonly models: SafetyModels,
    readonly thresholds: SafetyThresholds,
  ) {
    this.cues = compile(lexicon);
  }

  /** The trained classifiers' states, for saving. */
  get saved(): SafetyModels<ModelState> {
    return { level: this.models.level.saved, now: this.models.now.saved, other: this.models.other.saved };
  }

  /** The text with negated phrases and casual words blanked out. */
  private blanked(normalized: string): string {
    let t = normalized;
    for (const r of this.cues.blank) t = t.replace(r, '　');
    return t;
  }

  /** The classifier's probabilities of crisis and distress. */
  probabilities(normalized: string): { crisis: number; distress: number } {
    return this.levelScores(this.featurizer.features(this.blanked(normalized)));
  }

  /** For a crisis message: how likely the danger is now, and how likely it is someone else's. */
  aspects(normalized: string): { now: number; other: number } {
    return this.aspectScores(this.featurizer.features(this.blanked(normalized)));
  }

  /** The classifier's probabilities as the decision uses them: zero for texts too short to judge. */
  judged(normalized: string): { crisis: number; distress: number } {
    const t = this.blanked(normalized);
    return this.judgedOf(t, this.featurizer.features(t));
  }

  /** The level model's crisis and distress probabilities for a text's features. */
  private levelScores(features: Map<string, number>): { crisis: number; distress: number } {
    const ranked = this.models.level.score(features);
    const p = (label: string): number => ranked.find((r) => r.label === label)?.score ?? 0;
    return { crisis: p(CRISIS), distress: p(DISTRESS) };
  }

  /** The urgency and person models' "yes" probabilities for a text's features. */
  private aspectScores(features: Map<string, number>): { now: number; other: number } {
    const yes = (m: Model): number => m.score(features).find((r) => r.label === YES)?.score ?? 0;
    return { now: yes(this.models.now), other: yes(this.models.other) };
  }

  /** {@link judged} for a text already blanked (`t`) and its features. */
  private judgedOf(t: string, features: Map<string, number>): { crisis: number; distress: number } {
    const long = (t.match(CONTENT) ?? []).length >= MIN_MODEL_CHARS;
    return long ? this.levelScores(features) : { crisis: 0, distress: 0 };
  }

  /** Assesses one normalized message. */
  assess(normalized: string): Assessment {
    const c = this.cues;
    const t = this.blanked(normalized);
    // One featurization serves the level model and, for a crisis, the aspect models.
    const features = this.featurizer.features(t);
    const reported = any(c.reported, normalized);
    const p = this.judgedOf(t, features);
    const dangerCue = !reported && any(c.danger, t);
    // The model alone calls a crisis only when it finds crisis likelier than distress, and not
    // when the person says they are safe now.
    const safeNow = any(c.safeNow, normalized);
    const helpCalled = any(c.helpCalled, normalized);
    const pushback = any(c.pushback, normalized);
    // Pushback ("你别劝我了") is met by the supportive mode, not by the crisis answer again.
    // Words of despair without a crisis cue ("行尸走肉", "躲在楼梯间哭") are distress unless the
    // model is sure of a crisis: with them, it must find a crisis at least even odds.
    const distressCue = any(c.distress, t);
    // News or a story ("新闻里…", "如果有人…") silences the cues; the model may still call a
    // crisis, but only when it is at least even odds (老婆总在查跳桥的新闻，还问掉进江里多久会没意识).
    const modelBar = distressCue || reported ? Math.max(this.thresholds.crisis, DISTRESS_CUE_CRISIS) : this.thresholds.crisis;
    const modelCrisis = p.crisis >= modelBar && p.crisis >= p.distress && !safeNow && !helpCalled && !pushback;
    const crisis = (!reported && (dangerCue || any(c.crisis, t))) || modelCrisis;
    // Once it is a crisis, a place to fall from, a farewell said now, a means with a sign that
    // it is done or about to be, signs in the body (头好晕) or help already called is danger
    // now: 110/120 first.
    const symptom = any(c.symptoms, t);
    const aspects = crisis ? this.aspectScores(features) : { now: 0, other: 0 };
    const urgentCue = any(c.imminent, t) || (any(c.means, t) && any(c.now, t)) || symptom || helpCalled;
    const urgent = dangerCue || (crisis && (urgentCue || aspects.now >= this.thresholds.now));
    const distress = !crisis && (distressCue || p.distress >= this.thresholds.distress);
    const refusal = c.refusals.find(([, res]) => any(res, normalized))?.[0];
    return {
      level: crisis ? 'crisis' : distress ? 'distress' : 'none',
      urgent,
      // Someone else's words in quotes (她老说“我不想活了”) are not the writer's own.
      // A relative named in the writer's own crisis ("我死了我妈还要还吗") does not make it someone else's: the person model must agree.
      thirdPerson: crisis && any(c.thirdPerson, t) && !any(c.firstPerson, t.replace(QUOTED, '')) && aspects.other >= this.thresholds.other,
      ...(refusal ? { refusal } : {}),
      pushback,
      safeNow,
      helpCalled,
      symptom,
      hotline: any(c.hotline, normalized),
      shaken: any(c.shaken, normalized),
    };
  }
}

/** A quoted stretch of someone's words. */
const QUOTED = /[“「"][^”」"]*[”」"]/gu;

/** The model's crisis probability needed when the message has words of distress but no crisis cue. */
const DISTRESS_CUE_CRISIS = 0.5;

/**
 * A labelled training message; `hard`: a hard negative of the safety file (news, a quoted
 * insult, a resolved past); for a crisis, `now` (danger now) and `other` (someone else's).
 */
export interface SafetyExample {
  text: string;
  label: string;
  hard?: boolean;
  now?: boolean;
  other?: boolean;
}

/** Labelled training messages: the safety file plus every ordinary utterance as "none". */
export function safetyExamples(training: SafetyTraining, ordinary: readonly string[]): SafetyExample[] {
  const crisis = (list: readonly string[], now: boolean, other: boolean): SafetyExample[] => list.map((text) => ({ text, label: CRISIS, now, other }));
  return [
    ...crisis(training.crisis, false, false),
    ...crisis(training.crisis_now, true, false),
    ...crisis(training.crisis_other, false, true),
    ...crisis(training.crisis_other_now, true, true),
    ...training.distress.map((text) => ({ text, label: DISTRESS })),
    ...training.none.map((text) => ({ text, label: NONE, hard: true })),
    ...ordinary.map((text) => ({ text, label: NONE })),
  ];
}

/** Options of the safety classifier: the matcher's defaults. */
const SAFETY_MODEL: ModelOptions = {};

/** Trains the safety model; thresholds are cross-validated unless given. */
export function trainSafety(
  lexicon: SafetyLexicon,
  featurizer: Featurizer,
  examples: readonly SafetyExample[],
  normalize: (s: string) => string,
  thresholds?: SafetyThresholds,
): SafetyModel {
  const prepared = examples.map((e) => ({ ...e, features: featurizer.features(normalize(e.text)) }));
  return new SafetyModel(lexicon, featurizer, trainModels(prepared), thresholds ?? calibrateSafety(lexicon, featurizer, examples, normalize));
}

/** The three classifiers trained on prepared examples (the aspect models on the crisis examples alone). */
function trainModels(prepared: ReadonlyArray<SafetyExample & { features: Map<string, number> }>): SafetyModels {
  const crises = prepared.filter((e) => e.label === CRISIS);
  const aspect = (key: 'now' | 'other'): Model => new Model(crises.map((e) => ({ features: e.features, label: e[key] === true ? YES : NO })), SAFETY_MODEL);
  return { level: new Model(prepared.map((e) => ({ features: e.features, label: e.label })), SAFETY_MODEL), now: aspect('now'), other: aspect('other') };
}

/** Restores a saved safety model. */
export function restoreSafety(lexicon: SafetyLexicon, featurizer: Featurizer, states: SafetyModels<ModelState>, thresholds: SafetyThresholds): SafetyModel {
  return new SafetyModel(lexicon, featurizer, { level: new Model(states.level), now: new Model(states.now), other: new Model(states.other) }, thresholds);
}

/**
 * Highest share of ordinary messages (topic questions) the cross-validated model may add as a
 * crisis / distress, on top of what the cues decide; and of the hard negatives (news, quoted
 * insults, a resolved past), which look like a crisis on purpose. A missed crisis costs far
 * more than a gentle crisis reply to a calm question, so the hard budget is looser. The
 * ordinary budget was 0.2% until 2026-12-06; at 0.5% (still a quarter of the 2% the bot may
 * spend) the crisis threshold stops jumping up when a few odd calm lines are added to training
 * (0.32 → 0.30 that day), for no more false crises on the question sets (0.2%).
 */
const MAX_FALSE_CRISIS = 0.005;
const MAX_FALSE_CRISIS_HARD = 0.05;
const MAX_FALSE_DISTRESS = 0.01;
/**
 * Highest share of the crises that are not now which the urgency model may add as danger now
 * (110/120 first: a gentle cost next to a missed emergency).
 */
const MAX_FALSE_NOW = 0.15;
/**
 * Share of the someone-else crises the cues recognise that must stay recognised once the
 * person model has to agree: the threshold is the highest that keeps it, so as many as
 * possible of the writer's own crises that name a relative ("我死了我妈还要还吗") are answered
 * to the writer, not about "TA".
 */
const KEEP_OTHER = 0.95;

/** One cross-validated training message as the calibration sees it. */
interface CalibrationRow {
  label: string;
  hard: boolean;
  cueCrisis: boolean;
  cueDistress: boolean;
  cueUrgent: boolean;
  cueThird: boolean;
  crisis: number;
  distress: number;
  now?: boolean;
  other?: boolean;
  pNow: number;
  pOther: number;
}

/** The cues' reading only (every model threshold out of reach). */
const CUES_ONLY: SafetyThresholds = { crisis: 2, distress: 2, now: 2, other: -1 };

/**
 * Thresholds by 5-fold cross-validation on the training messages: the lowest threshold (most
 * crises caught) at which the model adds at most {@link MAX_FALSE_CRISIS} of the ordinary
 * messages and {@link MAX_FALSE_CRISIS_HARD} of the hard negatives as a crisis (messages the
 * cues already call a crisis are the lexicon's business, not the threshold's); the same for
 * distress among the messages left calm; for the crisis messages, the lowest urgency threshold
 * within {@link MAX_FALSE_NOW} and the highest person threshold that keeps {@link KEEP_OTHER}.
 */
export function calibrateSafety(
  lexicon: SafetyLexicon,
  featurizer: Featurizer,
  examples: readonly SafetyExample[],
  normalize: (s: string) => string,
  folds = 5,
): SafetyThresholds {
  const rows: CalibrationRow[] = [];
  const prepared = examples.map((e) => {
    const text = normalize(e.text);
    return { ...e, text, features: featurizer.features(text), hard: e.hard === true };
  });
  for (const { train, test } of crossValidation(prepared, folds, (e) => e.text)) {
    const probe = new SafetyModel(lexicon, featurizer, trainModels(train), CUES_ONLY);
    for (const e of test) {
      const cues = probe.assess(e.text);
      const p = probe.judged(e.text);
      const aspects = e.label === CRISIS ? probe.aspects(e.text) : { now: 0, other: 0 };
      // The model's crisis score counts only where it beats distress, as in assess().
      const crisisScore = p.crisis >= p.distress ? p.crisis : 0;
      rows.push({
        label: e.label, hard: e.hard, cueCrisis: cues.level === 'crisis', cueDistress: cues.level === 'distress', cueUrgent: cues.urgent, cueThird: cues.thirdPerson,
        crisis: crisisScore, distress: p.distress, now: e.now, other: e.other, pNow: aspects.now, pOther: aspects.other,
      });
    }
  }
  const lowest = (fits: (t: number) => boolean): number => {
    for (let k = 5; k <= 95; k++) if (fits(k / 100)) return k / 100;
    return 0.95;
  };
  const highest = (fits: (t: number) => boolean): number => {
    for (let k = 95; k >= 5; k--) if (fits(k / 100)) return k / 100;
    return 0.05;
  };
  const share = (group: readonly CalibrationRow[], hit: (r: CalibrationRow) => boolean): number => group.filter(hit).length / (group.length || 1);
  /** Share of `group` (all "none") that the model calls a crisis where the cues did not. */
  const added = (group: readonly CalibrationRow[], t: number): number => share(group, (r) => !r.cueCrisis && r.crisis >= t);
  const ordinary = rows.filter((r) => r.label === NONE && !r.hard);
  const hard = rows.filter((r) => r.label === NONE && r.hard);
  const crisis = lowest((t) => added(ordinary, t) <= MAX_FALSE_CRISIS && added(hard, t) <= MAX_FALSE_CRISIS_HARD);
  const calm = rows.filter((r) => r.label === NONE && !r.cueCrisis && r.crisis < crisis && !r.cueDistress);
  const distress = lowest((t) => share(calm, (r) => r.distress >= t) <= MAX_FALSE_DISTRESS);
  const later = rows.filter((r) => r.label === CRISIS && r.now !== true);
  const now = lowest((t) => share(later, (r) => !r.cueUrgent && r.pNow >= t) <= MAX_FALSE_NOW);
  const others = rows.filter((r) => r.label === CRISIS && r.other === true && r.cueThird);
  const other = highest((t) => share(others, (r) => r.pOther >= t) >= KEEP_OTHER);
  return { crisis, distress, now, other };
}
