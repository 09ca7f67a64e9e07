// The HR directory that confirms self-registered people before they get in: the built-in
// allow-list table (admins keep it), or an outside HR system over HTTP.
//
// HTTP contract: GET <HR_DIRECTORY_URL>?email=<e-mail> (Authorization: Bearer <HR_DIRECTORY_TOKEN>
// when set) answers 200 {"confirmed": true|false, "department": "<code>"?} or 404 (unknown).
import { type Database } from '../../infra/db';
import { allowListEntry } from './hrDirectoryRepository';

export interface HrDecision {
  confirmed: boolean;
  /** Department code HR has for the person, if any. */
  department: string | null;
}

export interface HrDirectory {
  confirm(email: string): Promise<HrDecision>;
}

export class AllowListDirectory implements HrDirectory {
  constructor(private readonly db: Database) {}

  async confirm(email: string): Promise<HrDecision> {
    const entry = await allowListEntry(this.db, email.toLowerCase());
    return { confirmed: entry !== undefined, department: entry?.departmentCode ?? null };
  }
}

export class HttpHrDirectory implements HrDirectory {
  constructor(
    private readonly url: string,
    private readonly token: string,
  ) {}

  async confirm(email: string): Promise<HrDecision> {
    const res = await fetch(`${this.url}${this.url.includes('?') ? '&' : '?'}email=${encodeURIComponent(email)}`, {
      headers: { accept: 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      signal: AbortSignal.timeout(5000),
    });
    if (res.status === 404) return { confirmed: false, department: null };
    if (!res.ok) throw new Error(`HR directory answered ${res.status}`);
    const body = (await res.json()) as { confirmed?: unknown; department?: unknown };
    return { confirmed: body.confirmed === true, department: typeof body.department === 'string' ? body.department : null };
  }
}

export function hrDirectoryFrom(
  db: Database,
  config: { HR_DIRECTORY: 'allow-list' | 'http'; HR_DIRECTORY_URL: string; HR_DIRECTORY_TOKEN: string },
): HrDirectory {
  if (config.HR_DIRECTORY === 'http') {
    if (!config.HR_DIRECTORY_URL) throw new Error('HR_DIRECTORY=http needs HR_DIRECTORY_URL');
    return new HttpHrDirectory(config.HR_DIRECTORY_URL, config.HR_DIRECTORY_TOKEN);
  }
  return new AllowListDirectory(db);
}
