// Reads JSON lines {"expression": "...", "context": {...}} from stdin and prints one JSON line per input:
// {"ok": true, "value": ...} or {"ok": false, "error": "..."}. Used by FeelDifferentialTests as the reference.
import { evaluate } from 'feelin';
import { createInterface } from 'node:readline';

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let output;
  try {
    const { expression, context } = JSON.parse(line);
    const { value } = evaluate(expression, context ?? {});
    output = { ok: true, value: value === undefined ? null : value };
  } catch (err) {
    output = { ok: false, error: String(err && err.message || err) };
  }
  process.stdout.write(JSON.stringify(output) + '\n');
}
