// ESLint rule: no import circles between the project's TypeScript files (type-only imports
// included: a circle of types still ties two modules together, as domain/lifecycle.ts and
// workflows/serviceRequest.ts once were). The graph is read from the files' relative imports
// once per lint run; a file in a circle reports the way back to itself.
const fs = require('node:fs');
const path = require('node:path');

const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?[^'";]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm;
const graph = new Map();

function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) if (fs.existsSync(candidate)) return candidate;
  return null;
}

function depsOf(file) {
  if (!graph.has(file)) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    graph.set(file, [...text.matchAll(IMPORT)].map((m) => resolve(file, m[1])).filter(Boolean));
  }
  return graph.get(file);
}

/** The shortest import path from `start` back to itself, or null. */
function cycleThrough(start) {
  const previous = new Map([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const file = queue.shift();
    for (const dep of depsOf(file)) {
      if (dep === start) {
        const way = [file];
        for (let f = previous.get(file); f; f = previous.get(f)) way.unshift(f);
        return way;
      }
      if (!previous.has(dep)) {
        previous.set(dep, file);
        queue.push(dep);
      }
    }
  }
  return null;
}

module.exports = {
  meta: { type: 'problem', docs: { description: 'disallow import circles between project files' }, schema: [] },
  create(context) {
    return {
      Program(node) {
        const file = context.filename;
        if (!file.endsWith('.ts')) return;
        const way = cycleThrough(file);
        if (!way) return;
        const root = context.cwd;
        context.report({ node, message: `import circle: ${[...way, file].map((f) => path.relative(root, f)).join(' -> ')}` });
      },
    };
  },
};
