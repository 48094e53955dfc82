/**
 * A frozen trie over Unicode code points, for the matcher's hot path: nodes are numbers and
 * edges live in one open-addressing hash table of typed arrays, so following an edge is a few
 * integer operations instead of a `Map` lookup per node. Build it with {@link CodeTrieBuilder}.
 */

/** The root node. */
export const ROOT = 0;
/** Returned by {@link CodeTrie.next} when there is no such edge. */
export const NO_NODE = -1;

/** A trie under construction (plain maps; freeze it with {@link CodeTrieBuilder.freeze}). */
export class CodeTrieBuilder {
  private readonly edges: Array<Map<number, number>> = [new Map()];

  /** Number of nodes so far (the root included). */
  get size(): number {
    return this.edges.length;
  }

  /** Adds the path of `text`'s code points from the root; returns its last node. */
  add(text: string): number {
    let node = ROOT;
    for (const ch of text) node = this.child(node, ch.codePointAt(0)!);
    return node;
  }

  /** The child of `node` by `cp`, created when missing. */
  child(node: number, cp: number): number {
    let next = this.edges[node].get(cp);
    if (next === undefined) {
      next = this.edges.length;
      this.edges[node].set(cp, next);
      this.edges.push(new Map());
    }
    return next;
  }

  /** The finished, immutable trie. */
  freeze(): CodeTrie {
    let count = 0;
    for (const e of this.edges) count += e.size;
    let capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    const from = new Int32Array(capacity).fill(NO_NODE);
    const label = new Int32Array(capacity);
    const to = new Int32Array(capacity);
    const mask = capacity - 1;
    this.edges.forEach((edges, node) => {
      for (const [cp, child] of edges) {
        let slot = hash(node, cp) & mask;
        while (from[slot] !== NO_NODE) slot = (slot + 1) & mask;
        from[slot] = node;
        label[slot] = cp;
        to[slot] = child;
      }
    });
    return new CodeTrie(from, label, to, mask, this.edges.length);
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
  ) {}

  /** The child of `node` by code point `cp`, or {@link NO_NODE}. */
  next(node: number, cp: number): number {
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
