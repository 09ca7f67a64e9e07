// The real RT and Redmine of the test stack as a sync test sees them (docs/sync.md): connectors
// as RT's operator (a person there) and as the sync, raw REST calls for what the connectors do
// not do (queues, projects, users), and the status, priority and queue mappings every sync test's
// own queue and project need.
import fs from 'node:fs';
import type { Database } from '../../infra/db';
import { RedmineConnector } from '../../domain/sync/redmineConnector';
import { putMappingRow } from '../../domain/sync/repository';
import { RtConnector } from '../../domain/sync/rtConnector';
import { openDatabase, openDb } from './db';
import { testEnv } from './env';
import { waitFor } from './processes';
import { useSyncMarkers } from './syncMarkers';

/** The sync's passes (a second apart) and a filing's routing: generous, never a timed assertion. */
export const SETTLE_MS = 120_000;
const token = (file: string) => fs.readFileSync(file, 'utf8').trim();
export const rtOperator = new RtConnector(testEnv.RT_URL!, token(testEnv.RT_OPERATOR_TOKEN_FILE!));
export const rtSync = new RtConnector(testEnv.RT_URL!, token(testEnv.RT_TOKEN_FILE!));
export const redmine = new RedmineConnector(testEnv.REDMINE_URL!, testEnv.REDMINE_API_KEY!);

/** A REST2 call as RT's operator that must make something (201). */
export async function rtRaw(method: string, path: string, body: unknown) {
  const res = await fetch(`${testEnv.RT_URL}/REST/2.0/${path}`, {
    method,
    headers: { authorization: `token ${token(testEnv.RT_OPERATOR_TOKEN_FILE!)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
}

/** A Redmine REST call as the sync's admin that must succeed; its JSON answer. */
export async function redmineRaw(method: string, path: string, body?: unknown) {
  const res = await fetch(`${testEnv.REDMINE_URL}/${path}`, {
    method,
    headers: { 'x-redmine-api-key': testEnv.REDMINE_API_KEY!, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  expect([200, 201]).toContain(res.status);
  return res.json();
}

/** The suite's RT queue and Redmine project sync with its department, with the statuses and priority its tickets use. */
export async function mapQueueAndProject(db: Database, rtQueue: string, project: string, department: string) {
  for (const [system, kind, remote, local] of [
    ['rt', 'queue', rtQueue, department],
    ['rt', 'priority', '50', 'P3'],
    ['rt', 'status', 'new', 'NEW'],
    ['rt', 'status', 'open', 'IN_PROGRESS'],
    ['redmine', 'queue', project, department],
    ['redmine', 'priority', 'Normal', 'P3'],
    ['redmine', 'status', 'New', 'NEW'],
    ['redmine', 'status', 'In Progress', 'IN_PROGRESS'],
  ] as const)
    await putMappingRow(db, { system, kind, remote, local });
}

/**
 * A sync suite's connections (kysely for the sync's own functions, Prisma for checks) and its
 * markers (`keep`: mapping remotes and held values removed after it), closed after it.
 */
export function useSyncSuite() {
  jest.setTimeout(300_000);
  const db = openDatabase();
  const prisma = openDb();
  const { keep } = useSyncMarkers(openDb());
  afterAll(async () => {
    await db.destroy();
    await prisma.$disconnect();
  });
  /**
   * The link of a ticket there; with `since`, only one made at or after it. Redmine on SQLite gives
   * a deleted issue's id to the next issue, and the old ticket's link stays until the inbound pass
   * sees the new one and retires it (domain/sync/apply.ts, reusedId): the CI run of 05a3ab3 read
   * the workflows suite's link of a deleted #9 as the fields suite's new #9.
   */
  const linkOf = (system: string, remoteId: string, since?: Date) =>
    prisma.syncLink.findFirst({ where: { system, remoteId, ...(since ? { createdAt: { gte: since } } : {}) } });
  /** The link of our request there, once the outbound pass has made the ticket. */
  const linkedThere = (system: string, requestId: string) =>
    waitFor(`made in ${system}`, () => prisma.syncLink.findUnique({ where: { system_requestId: { system, requestId } } }), SETTLE_MS, 500);
  return { db, prisma, keep, linkOf, linkedThere };
}
