// The project's modules and which import which, read from the source: the top-level folders
// (api, workflows, activities, worker, analytics, infra, scripts, bench) and each module under
// domain/ (domain/access, domain/requests, ...). docs/architecture.md draws this graph; the
// architecture test holds the drawing to the imports.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './env';

const FOLDERS = ['api', 'workflows', 'activities', 'worker', 'analytics', 'infra', 'domain'];
const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?[^'";]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm;

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return sources(rel);
    return e.name.endsWith('.ts') ? [rel] : [];
  });
}

/** The module a file belongs to: domain/<module> for the domain, else its top-level folder. */
export function moduleOf(file: string): string | null {
  const [top, sub] = file.split(path.sep);
  if (!top || !FOLDERS.includes(top)) return null;
  return top === 'domain' ? `domain/${sub}` : top;
}

/** "from --> to" for every pair of modules where a file of one imports a file of the other. */
export function moduleEdges(): Set<string> {
  const edges = new Set<string>();
  for (const file of FOLDERS.flatMap(sources)) {
    const from = moduleOf(file);
    for (const m of fs.readFileSync(path.join(ROOT, file), 'utf8').matchAll(IMPORT)) {
      const to = moduleOf(path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), m[1]!)));
      if (from && to && to !== from) edges.add(`${from} --> ${to}`);
    }
  }
  return edges;
}

/** Mermaid node ids cannot hold "/": domain/access is drawn as domain_access["domain/access"]. */
export const nodeId = (module: string) => module.replace('/', '_');
