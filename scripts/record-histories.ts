// Records event histories of finished workflows into tests/replay/histories/, one file per
// path through the process. The replay test runs them against the current workflow code, so a
// change that is not deterministic (not guarded by patched()) fails CI.
// Usage (after a test run, against the test stack):
//   INCIDENT_DESK_PROFILE=test bash -c 'source scripts/env.sh && node dist/scripts/record-histories.js'
// HISTORY_SUFFIX names a new generation (e.g. "-background-notifications" after a patch) so the
// histories of older code stay and keep proving that the patch replays them. Existing files
// are never overwritten.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { loadConfig } from '../infra/config';
import { createDb } from '../infra/db';
import { newestChatOfEachPath, newestRequestOfEachPath } from './recordHistoriesRepository';
import { createTemporalClient } from '../infra/temporal';

async function main() {
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL, 2);
  const cases = await newestRequestOfEachPath(db);
  const dir = path.join(__dirname, '../../tests/replay/histories');
  fs.mkdirSync(dir, { recursive: true });
  const suffix = process.env.HISTORY_SUFFIX ?? '';
  const runs = cases.map((c) => ({ type: 'serviceRequestWorkflow', name: c.name, id: c.id }));
  for (const c of await newestChatOfEachPath(db)) runs.push({ type: 'chatConversationWorkflow', name: c.name, id: c.id });
  // The digest workflows: the newest completed run of each type.
  const client = await createTemporalClient(config);
  for (const type of ['dailyDigestWorkflow', 'slaSummaryWorkflow']) {
    for await (const w of client.workflow.list({ query: `WorkflowType = '${type}' AND ExecutionStatus = 'Completed'` })) {
      runs.push({ type, name: 'completed', id: w.workflowId });
      break;
    }
  }
  await client.connection.close();
  for (const run of runs) {
    const file = path.join(dir, `${run.type}-${run.name}${suffix}.json`);
    if (fs.existsSync(file)) {
      console.log(`kept ${path.basename(file)} (exists)`);
      continue;
    }
    // The CLI writes the standard JSON history format that historyFromJSON reads back.
    const json = execFileSync(process.env.TEMPORAL_BIN ?? 'temporal', [
      'workflow',
      'show',
      '--workflow-id',
      run.id,
      '--address',
      config.TEMPORAL_ADDRESS,
      '--namespace',
      config.TEMPORAL_NAMESPACE,
      '--output',
      'json',
    ]).toString();
    fs.writeFileSync(file, json);
    console.log(`recorded ${path.basename(file)} (${run.id}, ${(JSON.parse(json) as { events: unknown[] }).events.length} events)`);
  }
  await db.destroy();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
