// Replays recorded workflow histories against the compiled workflow code and reports each
// result as one JSON line. Exit code 1 when any history does not replay: the workflow code
// changed in a way that is not deterministic (see docs/workflows.md on patched()).
// Usage: node dist/scripts/replay-histories.js [file.json ...]   (default: tests/replay/histories/*.json)
// protobufjs is a direct dependency of the project so that every @temporalio package shares one
// copy; with several copies historyFromJSON fails with "type must be a Type".
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';

const ROOT = path.resolve(__dirname, '../..');

async function main() {
  const dir = path.join(ROOT, 'tests/replay/histories');
  const files =
    process.argv.length > 2
      ? process.argv.slice(2)
      : fs
          .readdirSync(dir)
          .filter((f) => f.endsWith('.json'))
          .map((f) => path.join(dir, f));
  let failed = 0;
  for (const file of files) {
    const workflowId = path.basename(file, '.json');
    try {
      const history = historyFromJSON(JSON.parse(fs.readFileSync(file, 'utf8')));
      await Worker.runReplayHistory({ workflowsPath: path.join(ROOT, 'dist/workflows/index.js'), replayName: workflowId }, history, workflowId);
      console.log(JSON.stringify({ file: path.basename(file), ok: true }));
    } catch (error) {
      failed++;
      console.log(JSON.stringify({ file: path.basename(file), ok: false, error: String((error as Error).message ?? error).slice(0, 2000) }));
    }
  }
  process.exit(failed ? 1 : 0);
}

void main();
