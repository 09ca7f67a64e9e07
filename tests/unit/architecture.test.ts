// docs/architecture.md's module diagram is the imports: every edge it draws exists in the code
// and every import between modules is drawn. Regenerate the block with
// `npx jest tests/unit/architecture.test.ts` output when a module starts or stops importing another.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/env';
import { moduleEdges, nodeId } from '../support/moduleGraph';

const doc = fs.readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');

test('the module diagram in docs/architecture.md matches the imports between modules', () => {
  const block = /<!-- module-graph:start -->([\s\S]*?)<!-- module-graph:end -->/.exec(doc)?.[1] ?? '';
  const drawn = new Set([...block.matchAll(/^\s*(\w+) --> (\w+)\s*$/gm)].map((m) => `${m[1]} --> ${m[2]}`));
  const code = [...moduleEdges()].map((e) => e.split(' --> ').map(nodeId).join(' --> ')).sort();
  const missing = code.filter((e) => !drawn.has(e));
  const extra = [...drawn].filter((e) => !code.includes(e));
  if (missing.length || extra.length) console.log(`drawn edges should be:\n${code.map((e) => `  ${e}`).join('\n')}`);
  expect({ missing, extra }).toEqual({ missing: [], extra: [] });
});

test('no module imports back into a module that imports it (no circles between modules)', () => {
  const edges = moduleEdges();
  const circles = [...edges].filter((e) => edges.has(e.split(' --> ').reverse().join(' --> ')));
  expect(circles).toEqual([]);
});
