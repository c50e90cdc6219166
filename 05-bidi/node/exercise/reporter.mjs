// A node --test reporter for the Go test that runs streams.test.js: one
// JSON line per finished test, {name, ok, message}, so that Go can report
// each as its own subtest with the assertion's words (not a stack).
export default async function* reporter(source) {
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, details } = event.data;
    const line = { name, ok: event.type === 'test:pass', ms: Math.round(details?.duration_ms ?? 0) };
    if (!line.ok) {
      const err = details?.error;
      const cause = err?.cause ?? err;
      line.message = String(cause?.message ?? cause ?? 'failed');
    }
    yield JSON.stringify(line) + '\n';
  }
}
