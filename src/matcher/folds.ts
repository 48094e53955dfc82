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

/** The fold of a featurized example: keyed by its features in order. */
export function foldOfFeatures(features: ReadonlyMap<string, number>, folds: number): number {
  return foldOf([...features.keys()].join('\u0001'), folds);
}
