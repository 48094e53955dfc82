/** Types for the one natural submodule we import directly (the package root loads DB clients). */
declare module 'natural/lib/natural/classifiers/bayes_classifier.js' {
  /** natural's BayesClassifier; `classifier` is the apparatus implementation holding the counts. */
  export default class BayesClassifier {
    constructor(stemmer?: unknown, smoothing?: number);
    classifier: unknown;
  }
}
