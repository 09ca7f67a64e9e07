import { stopAll } from './processes';

export default async function globalTeardown(): Promise<void> {
  await stopAll();
}
