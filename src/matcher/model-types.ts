/**
 * The types shared by the model (model.ts) and its training (model-train.ts): a featurized
 * example and the hyper-parameters. Their own module so that neither file imports the other
 * for them.
 */
import type { SoftmaxOptions } from './softmax.js';

/** A featurized training example. */
export interface PreparedExample {
  features: Map<string, number>;
  label: string;
}

/** Model hyper-parameters (defaults chosen by cross-validation on the training data, see intents/README.md). */
export interface ModelOptions {
  /** Closest examples averaged per label. */
  neighbours?: number;
  /** Features in more than this share of examples are left out of the neighbour search of long queries (default 0.05). */
  commonFeatureShare?: number;
  /** Include single-character features in the neighbour search (default false). */
  searchCharacters?: boolean;
  /** Weight of the Bayes posterior. */
  bayesWeight?: number;
  /** natural's Bayes smoothing. */
  smoothing?: number;
  /** Weight of the softmax probability (0 skips training it); the rest goes to similarity. */
  softmaxWeight?: number;
  softmax?: SoftmaxOptions;
}
