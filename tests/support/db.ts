import { createDb, type Db } from '../../infra/db';
import { testEnv } from './env';

export const openDb = (): Db => createDb(testEnv.DATABASE_URL!, 2);
