// The configured connectors, from the environment (scripts/env.sh sets the local stack's):
// RT when RT_URL and a token (RT_TOKEN, or the file RT_TOKEN_FILE) are given, Redmine when
// REDMINE_URL and REDMINE_API_KEY are. Neither configured: no sync.
import fs from 'node:fs';
import type { SyncConnector } from './connector';
import { RedmineConnector } from './redmineConnector';
import { RtConnector } from './rtConnector';

export function connectorsFromEnv(env: NodeJS.ProcessEnv = process.env): SyncConnector[] {
  const out: SyncConnector[] = [];
  const rtToken = env.RT_TOKEN || (env.RT_TOKEN_FILE && fs.existsSync(env.RT_TOKEN_FILE) ? fs.readFileSync(env.RT_TOKEN_FILE, 'utf8').trim() : '');
  if (env.RT_URL && rtToken) out.push(new RtConnector(env.RT_URL, rtToken));
  if (env.REDMINE_URL && env.REDMINE_API_KEY) out.push(new RedmineConnector(env.REDMINE_URL, env.REDMINE_API_KEY));
  return out;
}
