/**
 * A frozen trie over Unicode code points, for the matcher's hot path: nodes are numbers and
 * edges live in one open-addressing hash table of typed arrays, so following an edge is a few
 * integer operations instead of a `Map` lookup per node. Build it with {@link CodeTrieBuilder}.
 */

/** The root node. */
export const ROOT = 0;
/** Returned by {@link CodeTrie.next} when there is no such edge. */
export const NO_NODE = -1;

/**
 * A trie under construction: edges go straight into an open-addressing table (grown as
 * needed), so building one of thousands of keys allocates a handful of arrays, not a map per
 * node. Freeze it with {@link CodeTrieBuilder.freeze}; it can still grow afterwards.
 */
export class CodeTrieBuilder {
  private from = new Int32Array(1024).fill(NO_NODE);
  private label = new Int32Array(1024);
  private to = new Int32Array(1024);
  private edges = 0;
  private nodes = 1;

  /** Number of nodes so far (the root included). */
  get size(): number {
    return this.nodes;
  }

  /** Adds the path of `text`'s code points from the root; returns its last node. */
  add(text: string): number {
    let node = ROOT;
    for (let i = 0; i < text.length; ) {
      const cp = text.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      node = this.child(node, cp);
    }
    return node;
  }

  /** The child of `node` by `cp`, created when missing. */
  child(node: number, cp: number): number {
    const mask = this.from.length - 1;
    let slot = hash(node, cp) & mask;
    for (;;) {
      const f = this.from[slot];
      if (f === NO_NODE) break;
      if (f === node && this.label[slot] === cp) return this.to[slot];
      slot = (slot + 1) & mask;
    }
    if ((this.edges + 1) * 2 > this.from.length) {
      this.grow();
      return this.child(node, cp);
    }
    this.from[slot] = node;
    this.label[slot] = cp;
    this.to[slot] = this.nodes;
    this.edges++;
    return this.nodes++;
  }

  private grow(): void {
    const { from, label, to } = this;
    const capacity = from.length * 2;
    const mask = capacity - 1;
    this.from = new Int32Array(capacity).fill(NO_NODE);
    this.label = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    for (let old = 0; old < from.length; old++) {
      if (from[old] === NO_NODE) continue;
      let slot = hash(from[old], label[old]) & mask;
      while (this.from[slot] !== NO_NODE) slot = (slot + 1) & mask;
      this.from[slot] = from[old];
      this.label[slot] = label[old];
      this.to[slot] = to[old];
    }
  }

  /** The finished, immutable trie (a copy: the builder may go on growing). */
  freeze(): CodeTrie {
    // The root's children in the Basic Multilingual Plane are read from a direct table: most
    // lookups start at the root, and most fail there.
    // A bitmap of those children (8 KiB, stays in cache) answers most misses without touching the table.
    const root = new Int32Array(0x10000).fill(NO_NODE);
    const bits = new Int32Array(0x10000 >> 5);
    const { from, label, to } = this;
    for (let slot = 0; slot < from.length; slot++) {
      if (from[slot] === ROOT && label[slot] < 0x10000) {
        root[label[slot]] = to[slot];
        bits[label[slot] >> 5] |= 1 << (label[slot] & 31);
      }
    }
    return new CodeTrie(from.slice(), label.slice(), to.slice(), from.length - 1, this.nodes, root, bits);
  }
}

/** A frozen trie: see the module comment. */
export class CodeTrie {
  constructor(
    private readonly from: Int32Array,
    private readonly label: Int32Array,
    private readonly to: Int32Array,
    private readonly mask: number,
    /** Number of nodes (ids are 0 … size − 1). */
    readonly size: number,
    private readonly root: Int32Array,
    private readonly rootBits: Int32Array,
  ) {}

  /** True when some key starts with `cp`, a code point of the Basic Multilingual Plane (one bitmap read). */
  startsWithBmp(cp: number): boolean {
    return (this.rootBits[cp >> 5] & (1 << (cp & 31))) !== 0;
  }

  /** The child of `node` by code point `cp`, or {@link NO_NODE}. */
  next(node: number, cp: number): number {
    if (node === ROOT && cp >= 0 && cp < 0x10000) {
      return this.startsWithBmp(cp) ? this.root[cp] : NO_NODE;
    }
    const { from, label, mask } = this;
    let slot = hash(node, cp) & mask;
    for (;;) {
      const f = from[slot];
      if (f === NO_NODE) return NO_NODE;
      if (f === node && label[slot] === cp) return this.to[slot];
      slot = (slot + 1) & mask;
    }
  }
}

/** Mixes an edge (node, code point) into 32 bits; the table uses the low bits. */
function hash(node: number, cp: number): number {
  let h = Math.imul(node, 0x9e3779b1) ^ cp;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
