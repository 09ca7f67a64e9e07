// A PrismaPg factory for the Prisma CLI's offline (WASM) schema engine. Used by
// prisma.config.ts only; the application uses a plain PrismaPg. It works around bugs of
// @prisma/adapter-pg 6.19 on the migration path:
//  1. catalog columns of internal types ("char", name, regproc, pg_node_tree, regclass,
//     regtype) cannot be deserialized (prisma/orm#27403): they are reported as text;
//  2. the shadow database pool is built from {...config, database}, which pg ignores when
//     config holds a connectionString: we pass host/port/user/password/database separately;
//  3. the shadow database is dropped before its own pool is closed: we close it first;
//  4. executeScript splits scripts on ';', breaking function bodies: we send the whole
//     script in one simple-protocol query.
import type { PrismaPg as PrismaPgClass } from '@prisma/adapter-pg';
import { randomUUID } from 'node:crypto';

const INTERNAL_TYPE_OIDS = new Set([18, 19, 24, 194, 2205, 2206]);
const TEXT_OID = 25;

interface PgField {
  dataTypeID: number;
}
interface PgResult {
  fields?: PgField[];
}
interface Queryable {
  performIO(query: unknown): Promise<PgResult>;
  executeScript(script: string): Promise<void>;
  underlyingDriver(): { query(sql: string): Promise<unknown> };
  onError(error: unknown): never;
  dispose(): Promise<void>;
}

let patched = false;
function patchQueryablePrototype(adapter: object): void {
  if (patched) return;
  const proto = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as Queryable;
  const performIO = proto.performIO;
  proto.performIO = async function (this: Queryable, query: unknown) {
    const result = await performIO.call(this, query);
    for (const field of result?.fields ?? []) {
      if (INTERNAL_TYPE_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    }
    return result;
  };
  proto.executeScript = async function (this: Queryable, script: string) {
    try {
      await this.underlyingDriver().query(script);
    } catch (error) {
      this.onError(error);
    }
  };
  patched = true;
}

export function poolConfigFromUrl(databaseUrl: string, database?: string) {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: database ?? url.pathname.replace(/^\//, ''),
  };
}

export function migrationAdapterFactory(PrismaPg: typeof PrismaPgClass, databaseUrl: string | undefined) {
  if (!databaseUrl) throw new Error('DATABASE_URL is not set');
  const factory = new PrismaPg(poolConfigFromUrl(databaseUrl));
  const connect = factory.connect.bind(factory);
  factory.connect = async () => {
    const adapter = await connect();
    patchQueryablePrototype(adapter);
    return adapter;
  };
  factory.connectToShadowDb = async () => {
    const admin = (await factory.connect()) as unknown as Queryable;
    const name = `prisma_migrate_shadow_db_${randomUUID().replace(/-/g, '')}`;
    await admin.executeScript(`CREATE DATABASE "${name}"`);
    const shadowFactory = new PrismaPg(poolConfigFromUrl(databaseUrl, name));
    const shadow = await shadowFactory.connect();
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
      await admin.dispose();
    };
    return shadow;
  };
  return factory;
}
