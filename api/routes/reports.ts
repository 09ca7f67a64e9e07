// Supervisor reports from ClickHouse: GET /api/reports/summary?from&to&department.
// Supervisors see their department's subtree (and may narrow it to a department inside it),
// admins every department (or one subtree); everyone else gets 403.
import { Router } from 'express';
import { z } from 'zod';
import type { Analytics } from '../../infra/clickhouse';
import type { Db } from '../../infra/db';
import { summary } from '../../analytics/reports';
import { departmentSubtreeIds } from '../../domain/shared/departments';
import { forbidden, invalid } from '../../domain/shared/errors';
import { hasRole } from '../../domain/access/identity';
import { parseInput } from '../../domain/shared/validation';
import { actorOf } from '../auth/middleware';

const MAX_DAYS = 366;
const isRealDate = (v: string) => {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
};
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'is not a calendar date');
export const summaryQuery = z
  .object({
    from: day.describe('first day, UTC, inclusive'),
    to: day.describe('last day, UTC, inclusive'),
    department: z.string().trim().min(1).max(64).optional().describe('department code: this department and those below it'),
  })
  .strict()
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 < MAX_DAYS, { path: ['to'], message: `the period may span at most ${MAX_DAYS} days` });

export function reportRoutes(ch: Analytics, database: string, db: Db): Router {
  return Router().get('/api/reports/summary', async (req, res, next) => {
    try {
      const actor = actorOf(req);
      if (!hasRole(actor, 'supervisor', 'admin')) throw forbidden('reports are for supervisors and admins');
      const q = parseInput(summaryQuery, req.query);
      const isAdmin = hasRole(actor, 'admin');
      const own = isAdmin ? null : actor.department ? await departmentSubtreeIds(db, actor.department) : [];
      let departmentIds = own;
      if (q.department) {
        const asked = await departmentSubtreeIds(db, q.department);
        if (!asked.length) throw invalid([{ field: 'department', message: `no department ${q.department}` }]);
        if (own && !asked.every((id) => own.includes(id))) throw forbidden(`department ${q.department} is outside your department`);
        departmentIds = asked;
      }
      const figures = await summary(ch, database, { from: q.from, to: q.to, departmentIds });
      const names = new Map(
        (await db.employee.findMany({ where: { id: { in: figures.agents.map((a) => a.agentId) } }, select: { id: true, fullName: true, username: true } })).map(
          (e) => [e.id, e],
        ),
      );
      const departments = departmentIds
        ? (await db.department.findMany({ where: { id: { in: departmentIds } }, select: { code: true }, orderBy: { code: 'asc' } })).map((d) => d.code)
        : null;
      res.json({
        period: { from: q.from, to: q.to },
        departments,
        ...figures,
        agents: figures.agents.map((a) => ({ ...a, username: names.get(a.agentId)?.username ?? null, fullName: names.get(a.agentId)?.fullName ?? null })),
      });
    } catch (error) {
      next(error);
    }
  });
}
