/**
 * `exp(x)` as a WebAssembly function, returning exactly what V8's `Math.exp` returns: V8
 * computes it with fdlibm's `__ieee754_exp` (src/base/ieee754.cc, including its special case
 * exp(1) = E), and this is the same algorithm, step by step, in the same IEEE operations —
 * argument reduction by ln 2 in two parts, a degree-5 minimax polynomial, scaling by 2^k.
 * Checked against `Math.exp` on millions of inputs (test/score-kernel.test.ts).
 */
import { F64, FunctionBody, I32 } from './wasm-assembler.js';

const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.44269504088896338700e0;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const O_THRESHOLD = 7.09782712893383973096e2;
const U_THRESHOLD = -7.45133219101941108420e2;
const HUGE = 1.0e300;
const TWO_M1000 = 9.33263618503218878990e-302;

/** The body of `(f64) → f64` exp. */
export function expFunction(): FunctionBody {
  const fn = new FunctionBody([F64], [F64]);
  const x = 0;
  const hx = fn.local(I32);
  const xsb = fn.local(I32);
  const k = fn.local(I32);
  const hi = fn.local(F64);
  const lo = fn.local(F64);
  const t = fn.local(F64);
  const c = fn.local(F64);
  const y = fn.local(F64);
  const twopk = fn.local(F64);
  // hx = high word of x; xsb = its sign; hx &= 0x7fffffff
  fn.get(x).i64ReinterpretF64().i64Const(32).i64ShrU().i32WrapI64().set(hx);
  fn.get(hx).i32Const(31).i32ShrU().set(xsb);
  fn.get(hx).i32Const(0x7fffffff).i32And().set(hx);
  // |x| ≥ 709.78…: not finite, overflow or underflow.
  fn.get(hx).i32Const(0x40862e42).i32GeS().if();
  {
    fn.get(hx).i32Const(0x7ff00000).i32GeS().if();
    {
      // NaN: x + x; exp(+∞) = +∞; exp(−∞) = 0.
      fn.get(hx).i32Const(0xfffff).i32And().get(x).i64ReinterpretF64().i32WrapI64().i32Or().if();
      fn.get(x).get(x).f64Add().return().end();
      fn.f64Const(0).get(x).get(xsb).select().return();
    }
    fn.end();
    fn.get(x).f64Const(O_THRESHOLD).f64Gt().if().f64Const(HUGE * HUGE).return().end();
    fn.get(x).f64Const(U_THRESHOLD).f64Lt().if().f64Const(TWO_M1000 * TWO_M1000).return().end();
  }
  fn.end();
  // Argument reduction: x = k ln2 + (hi − lo).
  fn.i32Const(0).set(k);
  fn.get(hx).i32Const(0x3fd62e42).i32GtS().if();
  {
    fn.get(hx).i32Const(0x3ff0a2b2).i32LtS().if();
    {
      // V8's special case: exp(1) is E exactly.
      fn.get(x).f64Const(1).f64Eq().if().f64Const(Math.E).return().end();
      fn.get(x).f64Const(-LN2_HI).f64Const(LN2_HI).get(xsb).select().f64Sub().set(hi);
      fn.f64Const(-LN2_LO).f64Const(LN2_LO).get(xsb).select().set(lo);
      fn.i32Const(1).get(xsb).i32Sub().get(xsb).i32Sub().set(k);
    }
    fn.else();
    {
      fn.f64Const(INV_LN2).get(x).f64Mul().f64Const(-0.5).f64Const(0.5).get(xsb).select().f64Add().i32TruncF64S().set(k);
      fn.get(k).f64ConvertI32S().set(t);
      fn.get(x).get(t).f64Const(LN2_HI).f64Mul().f64Sub().set(hi);
      fn.get(t).f64Const(LN2_LO).f64Mul().set(lo);
    }
    fn.end();
    fn.get(hi).get(lo).f64Sub().set(x);
  }
  fn.else();
  {
    // |x| < 2^-28: 1 + x (huge + x > 1 always holds there; kept for fidelity).
    fn.get(hx).i32Const(0x3e300000).i32LtS().if();
    fn.f64Const(HUGE).get(x).f64Add().f64Const(1).f64Gt().if().f64Const(1).get(x).f64Add().return().end();
    fn.end();
  }
  fn.end();
  fn.get(x).get(x).f64Mul().set(t);
  // twopk = 2^k (2^(k + 1000) below −1021), built from its exponent bits.
  fn.i32Const(0x3ff00000).get(k).get(k).i32Const(1000).i32Add().get(k).i32Const(-1021).i32GeS().select().i32Const(20).i32Shl().i32Add();
  fn.i64ExtendI32U().i64Const(32).i64Shl().f64ReinterpretI64().set(twopk);
  // c = x − t (P1 + t (P2 + t (P3 + t (P4 + t P5))))
  fn.get(x).get(t);
  fn.f64Const(P1).get(t).f64Const(P2).get(t).f64Const(P3).get(t).f64Const(P4).get(t).f64Const(P5).f64Mul().f64Add().f64Mul().f64Add().f64Mul().f64Add().f64Mul().f64Add();
  fn.f64Mul().f64Sub().set(c);
  // k = 0: 1 − ((x c) / (c − 2) − x)
  fn.get(k).i32Eqz().if();
  fn.f64Const(1).get(x).get(c).f64Mul().get(c).f64Const(2).f64Sub().f64Div().get(x).f64Sub().f64Sub().return();
  fn.end();
  // y = 1 − ((lo − (x c) / (2 − c)) − hi)
  fn.f64Const(1).get(lo).get(x).get(c).f64Mul().f64Const(2).get(c).f64Sub().f64Div().f64Sub().get(hi).f64Sub().f64Sub().set(y);
  fn.get(k).i32Const(-1021).i32LtS().if();
  fn.get(y).get(twopk).f64Mul().f64Const(TWO_M1000).f64Mul().return();
  fn.end();
  fn.get(k).i32Const(1024).i32Eq().if();
  fn.get(y).f64Const(2).f64Mul().f64Const(2 ** 1023).f64Mul().return();
  fn.end();
  fn.get(y).get(twopk).f64Mul();
  return fn;
}
