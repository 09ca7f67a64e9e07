// Board fixtures in set-based SQL: incidents of the IT department spread over the open
// columns, the queue and two agents (Olga and Sergey), plus a tenth as many closed ones over a
// year (the board shows only the last week of those). Fixture rows without workflows: the
// board benchmark measures reads. Every row's title starts with the marker, so one DELETE
// removes them.
import type pg from 'pg';

const OPEN = ['NEW', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_FOR_CLIENT'];

/** Adds `open` open incidents (and open / 10 closed ones) to the IT department, numbered from `first`. */
export async function addBoardIncidents(sql: pg.Pool, marker: string, first: number, open: number): Promise<void> {
  const { rows } = await sql.query<{ client: string }>(`SELECT id AS client FROM "Client" ORDER BY "createdAt" LIMIT 1`);
  const client = rows[0]!.client;
  const batch = 50_000;
  const closed = Math.floor(open / 10);
  for (let from = first; from < first + open + closed; from += batch) {
    const to = Math.min(first + open + closed, from + batch) - 1;
    await sql.query(
      `WITH svc AS (SELECT row_number() OVER (ORDER BY s.code) - 1 AS n, s.id, s."departmentId" FROM "Service" s JOIN "Department" d ON d.id = s."departmentId" WHERE d.code = 'it'),
         agents AS (SELECT array_agg(id ORDER BY username) AS ids FROM "Employee" WHERE username IN ('olga', 'sergey')),
         g AS (
           SELECT i, gen_random_uuid() AS rid, gen_random_uuid() AS iid, $1 || ' card ' || i AS text,
             CASE WHEN i >= $5 THEN now() - (i % 365) * interval '1 day' - (i % 1440) * interval '1 minute'
                  ELSE now() - (i % 90) * interval '1 day' - (i % 1440) * interval '1 minute' END AS at,
             CASE WHEN i >= $5 THEN 'CLOSED' ELSE ($6::text[])[1 + i % 4] END::"IncidentStatus" AS status
           FROM generate_series($2::int, $3::int) i),
         r AS (
           INSERT INTO "ServiceRequest" (id, "clientId", "serviceId", channel, description, status, "workflowId", "incidentId", "createdAt", "updatedAt")
           SELECT g.rid, $4, s.id, (ARRAY['PHONE','EMAIL','WEB'])[1 + g.i % 3]::"Channel", g.text,
             CASE WHEN g.status = 'CLOSED' THEN 'CLOSED' ELSE 'IN_PROGRESS' END::"RequestStatus", g.rid::text, g.iid, g.at, g.at
           FROM g JOIN svc s ON s.n = g.i % (SELECT count(*) FROM svc)
           RETURNING id)
       INSERT INTO "Incident" (id, "requestId", title, status, priority, "departmentId", "serviceId", "assigneeId", "resolutionDueAt", "createdAt", "updatedAt", "closedAt")
       SELECT g.iid, g.rid, g.text, g.status, (ARRAY['P1','P2','P3','P4'])[1 + g.i % 4]::"Priority", s."departmentId", s.id,
         CASE WHEN g.status = 'NEW' OR g.i % 3 = 0 THEN NULL ELSE (SELECT ids[1 + g.i % 2] FROM agents) END,
         g.at + interval '3 days', g.at, g.at, CASE WHEN g.status = 'CLOSED' THEN g.at + interval '1 day' END
       FROM g JOIN svc s ON s.n = g.i % (SELECT count(*) FROM svc)`,
      [marker, from, to, client, first + open, OPEN],
    );
  }
  await sql.query('ANALYZE "Incident", "ServiceRequest"');
}

export async function removeBoardIncidents(sql: pg.Pool, marker: string): Promise<void> {
  await sql.query(`DELETE FROM "Incident" WHERE title LIKE $1`, [`${marker} %`]);
  await sql.query(`DELETE FROM "ServiceRequest" WHERE description LIKE $1`, [`${marker} %`]);
}
