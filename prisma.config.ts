// Prisma CLI configuration. Migrations run through the bundled WASM schema engine with a
// pg driver adapter, so `prisma migrate` works offline (no engine download). The adapter
// wrapper below works around three bugs of @prisma/adapter-pg 6.19 on that path; see
// docs/operations.md ("Prisma offline migrations"). The application itself uses a plain PrismaPg.
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';
import { migrationAdapterFactory } from './infra/prisma-migration-adapter';

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () => migrationAdapterFactory(PrismaPg, process.env.DATABASE_URL),
});
