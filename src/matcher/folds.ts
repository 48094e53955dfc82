/**
 * Cross-validation folds keyed by content: an example's fold depends on its own text (or
 * features) alone, so adding or removing a training line moves no other example to another
 * fold. (With folds by position, one inserted line reshuffled every later example and the
 * calibrated thresholds jumped by a few hundredths for no reason in the data.)
 */

/** The fold (0 … folds − 1) of an example identified by `key`: FNV-1a of the key. */
export function foldOf(key: string, folds: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % folds;
}

/**
 * The folds of a cross-validation: for each fold, the items to train on and the items held out
 * (both in their original order), each item's fold given by `key` ({@link foldOf}).
 */
export function crossValidation<T>(items: readonly T[], folds: number, key: (item: T) => string): Array<{ train: T[]; test: T[] }> {
  const fold = items.map((item) => foldOf(key(item), folds));
  return Array.from({ length: folds }, (_, f) => ({
    train: items.filter((_, i) => fold[i] !== f),
    test: items.filter((_, i) => fold[i] === f),
  }));
}

/** The key of a featurized example for {@link crossValidation}: its features in order. */
export function featuresKey(features: ReadonlyMap<string, number>): string {
  return [...features.keys()].join('\u0001');
}
