/**
 * Child process of the benchmark: loads the knowledge base, trains one matcher and answers one
 * message; prints the time from process start to that first answer. Usage: cold-start.ts <name>.
 * For ours it goes through loadBrain(), exactly as `npm start` does; `BENCH_SNAPSHOT_DIR` sets
 * where its trained snapshot is kept (`none`: no snapshot, train from the data files).
 */
const name = process.argv[2] ?? 'ours';
if (name.startsWith('ours')) {
  const { loadBrain } = await import('../src/core/brain.js');
  const { respond } = await import('../src/core/respond.js');
  const { initialState } = await import('../src/core/types.js');
  const dir = process.env.BENCH_SNAPSHOT_DIR;
  const brain = loadBrain({
    segmenter: name === 'ours-intl' ? 'intl' : name === 'ours-jieba' ? 'jieba' : 'learned',
    snapshot: dir === 'none' ? false : dir ? { dir } : undefined,
  });
  respond(brain, { type: 'text', text: '家人收到催收短信怎么办' }, initialState());
} else {
  const { loadKnowledge } = await import('../src/kb/load.js');
  const { byName } = await import('./matchers.js');
  const m = byName(name);
  await m.train(loadKnowledge());
  await m.classify('家人收到催收短信怎么办');
}
process.stdout.write(`${JSON.stringify({ name, ms: performance.now() })}\n`);
