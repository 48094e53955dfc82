/**
 * A very small WebAssembly assembler: just the instructions the scoring kernel needs
 * (score-kernel.ts), encoded as the binary format specifies, so the kernel is written and
 * reviewed here as code, with no toolchain and no binary blob in the repository.
 * Spec: https://webassembly.github.io/spec/core/binary/ (SIMD opcodes: the fixed-width SIMD proposal).
 */

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValType = typeof I32 | typeof I64 | typeof F64 | typeof V128;

function uleb(n: number, out: number[]): void {
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
}

function sleb(n: number, out: number[]): void {
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

function name(s: string, out: number[]): void {
  const bytes = new TextEncoder().encode(s);
  uleb(bytes.length, out);
  out.push(...bytes);
}

/**
 * One function body under construction. Locals are declared up front with {@link local};
 * instruction methods append their encoding and return `this` for chaining.
 */
export class FunctionBody {
  private readonly bytes: number[] = [];
  private readonly localTypes: ValType[] = [];

  constructor(
    readonly params: readonly ValType[],
    readonly results: readonly ValType[] = [],
  ) {}

  /** Declares a local and returns its index. */
  local(type: ValType): number {
    this.localTypes.push(type);
    return this.params.length + this.localTypes.length - 1;
  }

  private op(...codes: number[]): this {
    this.bytes.push(...codes);
    return this;
  }

  private simd(code: number): this {
    this.bytes.push(0xfd);
    uleb(code, this.bytes);
    return this;
  }

  private mem(code: number, align: number, offset: number, simd = false): this {
    if (simd) this.simd(code);
    else this.bytes.push(code);
    uleb(align, this.bytes);
    uleb(offset, this.bytes);
    return this;
  }

  // Control (block types are always empty).
  block(): this {
    return this.op(0x02, 0x40);
  }
  loop(): this {
    return this.op(0x03, 0x40);
  }
  if(): this {
    return this.op(0x04, 0x40);
  }
  else(): this {
    return this.op(0x05);
  }
  end(): this {
    return this.op(0x0b);
  }
  return(): this {
    return this.op(0x0f);
  }
  /** Calls function `index` of the module (its position in {@link encodeModule}'s list). */
  call(index: number): this {
    this.bytes.push(0x10);
    uleb(index, this.bytes);
    return this;
  }
  /** Branch to the `depth`-th enclosing label (0 = innermost). */
  br(depth: number): this {
    this.bytes.push(0x0c);
    uleb(depth, this.bytes);
    return this;
  }
  brIf(depth: number): this {
    this.bytes.push(0x0d);
    uleb(depth, this.bytes);
    return this;
  }

  // Locals.
  get(i: number): this {
    this.bytes.push(0x20);
    uleb(i, this.bytes);
    return this;
  }
  set(i: number): this {
    this.bytes.push(0x21);
    uleb(i, this.bytes);
    return this;
  }
  tee(i: number): this {
    this.bytes.push(0x22);
    uleb(i, this.bytes);
    return this;
  }

  // Memory, with a constant byte offset added to the address on the stack.
  i32Load(offset = 0): this {
    return this.mem(0x28, 2, offset);
  }
  f64Load(offset = 0): this {
    return this.mem(0x2b, 3, offset);
  }
  i32Store(offset = 0): this {
    return this.mem(0x36, 2, offset);
  }
  f64Store(offset = 0): this {
    return this.mem(0x39, 3, offset);
  }
  v128Load(offset = 0): this {
    return this.mem(0x00, 4, offset, true);
  }
  /** Loads 64 bits into lane 0 (lane 1 zero). */
  v128Load64Zero(offset = 0): this {
    return this.mem(0x5d, 3, offset, true);
  }
  v128Store(offset = 0): this {
    return this.mem(0x0b, 4, offset, true);
  }

  // Numbers.
  i32Const(n: number): this {
    this.bytes.push(0x41);
    sleb(n | 0, this.bytes);
    return this;
  }
  f64Const(x: number): this {
    const b = new Uint8Array(new Float64Array([x]).buffer);
    return this.op(0x44, ...b);
  }
  i32Eqz(): this {
    return this.op(0x45);
  }
  i32Eq(): this {
    return this.op(0x46);
  }
  i32Ne(): this {
    return this.op(0x47);
  }
  i32LtS(): this {
    return this.op(0x48);
  }
  i32GtS(): this {
    return this.op(0x4a);
  }
  i32GeS(): this {
    return this.op(0x4e);
  }
  i32Add(): this {
    return this.op(0x6a);
  }
  i32Sub(): this {
    return this.op(0x6b);
  }
  i32Mul(): this {
    return this.op(0x6c);
  }
  i32Shl(): this {
    return this.op(0x74);
  }
  i32ShrU(): this {
    return this.op(0x76);
  }
  i32And(): this {
    return this.op(0x71);
  }
  i32Or(): this {
    return this.op(0x72);
  }
  f64Eq(): this {
    return this.op(0x61);
  }
  f64Ne(): this {
    return this.op(0x62);
  }
  f64Lt(): this {
    return this.op(0x63);
  }
  f64Gt(): this {
    return this.op(0x64);
  }
  f64Sub(): this {
    return this.op(0xa1);
  }
  f64Sqrt(): this {
    return this.op(0x9f);
  }
  f64Add(): this {
    return this.op(0xa0);
  }
  f64Mul(): this {
    return this.op(0xa2);
  }
  f64Div(): this {
    return this.op(0xa3);
  }
  f64Min(): this {
    return this.op(0xa4);
  }
  f64Max(): this {
    return this.op(0xa5);
  }
  // Conversions and bits.
  i32WrapI64(): this {
    return this.op(0xa7);
  }
  /** f64 → i32, truncating toward zero (traps when out of range: callers bound the value). */
  i32TruncF64S(): this {
    return this.op(0xaa);
  }
  i64ExtendI32U(): this {
    return this.op(0xad);
  }
  f64ConvertI32S(): this {
    return this.op(0xb7);
  }
  i64ReinterpretF64(): this {
    return this.op(0xbd);
  }
  f64ReinterpretI64(): this {
    return this.op(0xbf);
  }
  i64Const(n: number): this {
    this.bytes.push(0x42);
    sleb(n | 0, this.bytes);
    return this;
  }
  i64Shl(): this {
    return this.op(0x86);
  }
  i64ShrU(): this {
    return this.op(0x88);
  }

  /** Picks the first or second operand by an i32 condition, without a branch. */
  select(): this {
    return this.op(0x1b);
  }
  drop(): this {
    return this.op(0x1a);
  }

  // SIMD: two f64 lanes.
  f64x2Splat(): this {
    return this.simd(0x14);
  }
  f64x2Add(): this {
    return this.simd(0xf0);
  }
  f64x2Mul(): this {
    return this.simd(0xf2);
  }
  /** The two low f32 lanes widened to two f64 lanes (exact). */
  f64x2PromoteLowF32x4(): this {
    return this.simd(0x5f);
  }
  /** Lane-wise `b < a ? b : a` (one minpd on x64). */
  f64x2Pmin(): this {
    return this.simd(0xf6);
  }
  /** Lane-wise `a < b ? b : a` (one maxpd on x64). */
  f64x2Pmax(): this {
    return this.simd(0xf7);
  }
  /** Bytes of two vectors: lane i of the result is byte `lanes[i]` of (first ‖ second). */
  i8x16Shuffle(lanes: readonly number[]): this {
    this.simd(0x0d);
    this.bytes.push(...lanes);
    return this;
  }
  v128Const(bytes: Uint8Array): this {
    this.simd(0x0c);
    this.bytes.push(...bytes);
    return this;
  }

  /** The encoded body (locals and code, `end` appended). */
  encode(): number[] {
    const out: number[] = [];
    const groups: Array<[number, ValType]> = [];
    for (const t of this.localTypes) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) last[0]++;
      else groups.push([1, t]);
    }
    uleb(groups.length, out);
    for (const [count, type] of groups) {
      uleb(count, out);
      out.push(type);
    }
    out.push(...this.bytes, 0x0b);
    const sized: number[] = [];
    uleb(out.length, sized);
    return [...sized, ...out];
  }
}

function section(id: number, content: number[], out: number[]): void {
  out.push(id);
  uleb(content.length, out);
  out.push(...content);
}

/** A function of the module: exported under `name` when it has one. */
export interface ModuleFunction {
  name?: string;
  body: FunctionBody;
}

/**
 * Encodes a module that imports one memory as `env.memory` (at least `pages` × 64 KiB) and
 * holds the given functions (function i has index i for {@link FunctionBody.call}), exporting
 * the named ones.
 */
export function encodeModule(pages: number, functions: readonly ModuleFunction[]): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [];
  uleb(functions.length, types);
  for (const fn of functions) {
    types.push(0x60);
    uleb(fn.body.params.length, types);
    types.push(...fn.body.params);
    uleb(fn.body.results.length, types);
    types.push(...fn.body.results);
  }
  section(1, types, out);
  const imports: number[] = [1];
  name('env', imports);
  name('memory', imports);
  imports.push(0x02, 0x00);
  uleb(pages, imports);
  section(2, imports, out);
  const funcs: number[] = [];
  uleb(functions.length, funcs);
  functions.forEach((_, i) => uleb(i, funcs));
  section(3, funcs, out);
  const exports: number[] = [];
  const exported = functions.flatMap((fn, i) => (fn.name === undefined ? [] : [{ name: fn.name, i }]));
  uleb(exported.length, exports);
  for (const { name: exportName, i } of exported) {
    name(exportName, exports);
    exports.push(0x00);
    uleb(i, exports);
  }
  section(7, exports, out);
  const code: number[] = [];
  uleb(functions.length, code);
  for (const fn of functions) code.push(...fn.body.encode());
  section(10, code, out);
  return Uint8Array.from(out);
}

/** The part of the WebAssembly JavaScript API used here (the project's TS libs do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number }) => { buffer: ArrayBuffer };
}

/** A module instance and the memory it was given. */
export interface WasmInstance {
  exports: Record<string, unknown>;
  memory: ArrayBuffer;
}

/**
 * Compiles and instantiates a module from {@link encodeModule} with a fresh memory of `pages`
 * pages; undefined when the runtime has no WebAssembly or cannot validate the module (e.g. no SIMD).
 */
export function instantiate(bytes: Uint8Array, pages: number): WasmInstance | undefined {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!wasm || !wasm.validate(bytes)) return undefined;
  const memory = new wasm.Memory({ initial: pages, maximum: pages });
  const instance = new wasm.Instance(new wasm.Module(bytes), { env: { memory } });
  return { exports: instance.exports, memory: memory.buffer };
}
