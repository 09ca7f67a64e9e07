// Links and imports the tickets a system has now (docs/sync.md, "Backfill"), idempotently:
//   npm run sync:backfill -- rt        (or redmine)
// Needs the desk's database and Temporal (requests are filed through their workflow) and the
// system's connector settings (RT_URL with RT_TOKEN or RT_TOKEN_FILE; REDMINE_URL, REDMINE_API_KEY).
import { loadConfig } from '../infra/config';
import { createDb } from '../infra/db';
import { createTemporalClient } from '../infra/temporal';
import { connectorsFromEnv } from '../domain/sync/connectors';
import { SyncApply } from '../domain/sync/apply';
import { backfill } from '../domain/sync/backfill';
import { intakeServices } from '../worker/channelIntake';
import { unavailableDependency } from '../api/unavailable';

async function main(): Promise<void> {
  const system = process.argv[2];
  const connector = connectorsFromEnv().find((c) => c.system === system);
  if (!connector) throw new Error(`usage: npm run sync:backfill -- rt|redmine (a configured system; got "${system ?? ''}")`);
  const config = loadConfig();
  const db = createDb(config.DATABASE_URL, 4);
  const client = await createTemporalClient(config);
  try {
    const result = await backfill(db, connector, new SyncApply(db, intakeServices(config, client, db)), (e) => unavailableDependency(e) === 'temporal');
    process.stdout.write(`${JSON.stringify({ system, ...result })}\n`);
  } finally {
    await client.connection.close();
    await db.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
