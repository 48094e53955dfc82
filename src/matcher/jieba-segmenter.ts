/**
 * jieba segmenter (@node-rs/jieba, native) with the domain lexicon loaded as a user
 * dictionary, so 催收 / 征信 / 爆通讯录 / 停息挂账 stay whole.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { Segmenter } from './tokenize.js';

/** Creates a jieba segmenter; `userTerms` are added with a high frequency. */
export function jiebaSegmenter(userTerms: readonly string[]): Segmenter {
  const jieba = Jieba.withDict(dict);
  if (userTerms.length > 0) {
    jieba.loadDict(Buffer.from(userTerms.map((t) => `${t.replace(/\s+/g, '')} 200000 n`).join('\n') + '\n'));
  }
  return {
    name: 'jieba',
    segment: (text) => jieba.cut(text, true),
  };
}
