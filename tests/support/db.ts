// Two ways into the test database. The application's code takes its Database (Kysely, as the
// app and worker run it). Tests set up and inspect rows with Prisma's client (the schema's own
// typed client: fixtures read best as `db.incident.findMany`), which the application no longer uses.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';
import { createDb, type Database } from '../../infra/db';
import { testEnv } from './env';

export type Fixtures = PrismaClient;

/** Prisma's client for fixtures and checks (of the suite's database, or another one on the stack). */
export const openDb = (url = testEnv.DATABASE_URL!): Fixtures => new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 2 }) });

/** The application's database, for calling domain code directly. */
export const openDatabase = (): Database => createDb(testEnv.DATABASE_URL!, 2);
