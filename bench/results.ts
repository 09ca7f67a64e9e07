// Writes a benchmark's result: printed, and kept as bench/results/<name>-<time>.json.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './processes';

export function writeResult(name: string, result: { at: string }): string {
  console.log(JSON.stringify(result, null, 2));
  const out = path.join(ROOT, 'bench/results', `${name}-${result.at.replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  return out;
}
