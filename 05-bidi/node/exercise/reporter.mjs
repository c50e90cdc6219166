// A node --test reporter for the Go test that runs streams.test.js: one
// JSON line per finished test, {name, ok, ms, message}, so that Go can
// report each as its own subtest with the assertion's words (not a stack).
export default async function* reporter(source) {
  let stderr = ''; // what the test file printed: a syntax error says it there
  for await (const event of source) {
    if (event.type === 'test:stderr') {
      stderr += event.data.message;
      continue;
    }
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { name, details } = event.data;
    const line = { name, ok: event.type === 'test:pass', ms: Math.round(details?.duration_ms ?? 0) };
    if (!line.ok) {
      const err = details?.error;
      const cause = err?.cause ?? err;
      line.message = String(cause?.message ?? cause ?? 'failed');
    }
    if (name.endsWith('.test.js')) {
      // The file as a whole: it failed before its tests ran (or after).
      line.name = 'the test file runs';
      const said = stderr.split('\n').filter((l) => !/^\s+at /.test(l)).slice(0, 8).join('\n').trim();
      if (!line.ok && said) line.message = said;
    }
    yield JSON.stringify(line) + '\n';
  }
}
