// The statements of an incident's comments (comments.ts).
import { randomUUID } from 'node:crypto';
import type { Database } from '../../infra/db';

/** Which of an incident's comments or files a reader sees (incidents.ts, itemsSeen): all, or the public ones. */
export interface ItemsSeen {
  incidentId: string;
  public?: boolean;
}

/** The comments seen, oldest first, with their author's name (null for an author not in the directory). */
export function commentsSeen(db: Database, seen: ItemsSeen) {
  let query = db
    .selectFrom('Comment as c')
    .leftJoin('Employee as e', 'e.id', 'c.authorId')
    .select(['c.id', 'c.incidentId', 'c.authorId', 'c.body', 'c.public', 'c.createdAt', 'e.fullName', 'e.username'])
    .where('c.incidentId', '=', seen.incidentId)
    .orderBy('c.createdAt', 'asc');
  if (seen.public !== undefined) query = query.where('c.public', '=', seen.public);
  return query.execute();
}

export function insertComment(db: Database, comment: { incidentId: string; authorId: string; body: string; public: boolean }) {
  return db
    .insertInto('Comment')
    .values({ id: randomUUID(), ...comment })
    .returning(['id', 'incidentId', 'authorId', 'body', 'public', 'createdAt'])
    .executeTakeFirstOrThrow();
}
