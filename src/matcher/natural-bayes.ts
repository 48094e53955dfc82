/**
 * natural's Bayes classifier, fed sparse feature observations. Training counts come from
 * natural; scoring is done in log space from those counts, because natural's own
 * `getClassifications` multiplies in linear space and underflows to 0 on long texts.
 */
import BayesClassifier from 'natural/lib/natural/classifiers/bayes_classifier.js';

interface ApparatusBayes {
  classFeatures: Record<string, Record<string, number>>;
  classTotals: Record<string, number>;
  totalExamples: number;
  smoothing: number;
  addExample(observation: Record<number, string>, label: string): void;
}

/** A trained multinomial-style naive Bayes over sparse features. */
export class NaturalBayes {
  private readonly inner: ApparatusBayes;
  readonly labels: string[] = [];

  constructor(smoothing = 0.3) {
    const natural = new BayesClassifier(undefined, smoothing);
    this.inner = natural.classifier as ApparatusBayes;
  }

  /** Adds one example: its distinct feature keys and its label. */
  add(features: Iterable<string>, label: string): void {
    const obs: Record<number, string> = {};
    let i = 0;
    for (const f of new Set(features)) obs[i++] = f;
    this.inner.addExample(obs, label);
    if (!this.labels.includes(label)) this.labels.push(label);
  }

  /**
   * The trained counts as a dense log-probability table for fast scoring:
   * `table[f * labels.length + l] = log(P(feature f | label l))` (smoothed as natural does),
   * and `prior[l] = log(P(l))`. Score of a query = prior + Σ table rows of its features.
   */
  logTable(features: readonly string[], labels: readonly string[]): { table: Float64Array; prior: Float64Array } {
    const { classFeatures, classTotals, totalExamples, smoothing } = this.inner;
    const L = labels.length;
    const table = new Float64Array(features.length * L);
    const prior = new Float64Array(L);
    labels.forEach((label, l) => {
      const counts = classFeatures[label] ?? {};
      const total = classTotals[label] ?? 1;
      prior[l] = Math.log(total / totalExamples);
      features.forEach((f, i) => {
        table[i * L + l] = Math.log((counts[f] ?? smoothing) / total);
      });
    });
    return { table, prior };
  }

  /** Log-probability scores per label (unnormalized), for the given distinct features. */
  logScores(features: readonly string[]): Map<string, number> {
    const out = new Map<string, number>();
    const { classFeatures, classTotals, totalExamples, smoothing } = this.inner;
    for (const label of this.labels) {
      const counts = classFeatures[label] ?? {};
      const total = classTotals[label] ?? 1;
      let lp = Math.log(total / totalExamples);
      for (const f of features) lp += Math.log((counts[f] ?? smoothing) / total);
      out.set(label, lp);
    }
    return out;
  }
}
