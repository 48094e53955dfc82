import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRISIS_SIGNALS, isCrisis } from '../src/matcher/crisis.js';

describe('isCrisis', () => {
  it.each(['我不想活了', '欠了这么多钱真的活不下去了', '压力太大想死', '想吃安眠药一了百了', '我儿子说要跳楼', 'i want to kill myself', '催收天天打，我只想结束这一切', '我是全家的累赘', '要是我消失了就好了'])(
    'GIVEN "%s" THEN it is a crisis signal',
    (t) => expect(isCrisis(t)).toBe(true),
  );

  it.each(['催收短信发给我妈了怎么办', '催收骂我让我去死，这合法吗', '会不会被起诉', '死机了', '催收说要把我的事公开，他们就解脱了吗', '平台消失了怎么办'])(
    'GIVEN "%s" THEN it is not a crisis signal',
    (t) => expect(isCrisis(t)).toBe(false),
  );

  it('GIVEN any text THEN the one combined pattern answers as testing each signal', () => {
    const piece = fc.oneof(
      fc.constantFrom('不想活', '活着', '想', '要', '死', '让我', '去死', '自杀', '跳楼', '一了百了', '我', '走', '了', '解脱', '累赘', '消失', '没有我', '更好', 'suicide', ' kill myself', 'x', '，'),
      fc.string({ unit: 'grapheme', maxLength: 3 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (parts) => {
        const text = parts.join('');
        expect(isCrisis(text)).toBe(CRISIS_SIGNALS.some((re) => re.test(text)));
      }),
      { numRuns: 3000 },
    );
  });
});
