// The routing rules table: service class, service type, problem type -> executor department.
// Empty fields match anything; the most specific matching rule wins, then the higher priority;
// the rule with every field empty is the default (at most one).
import { z } from 'zod';
import type { Db } from '../../infra/db';
import { conflict, invalid, notFound } from '../shared/errors';
import { parseInput, rowId, type AdminResource } from './resource';

const key = z.string().trim().min(1).max(64).nullable().optional();
const createSchema = z
  .object({
    serviceClass: key,
    serviceType: key,
    problemType: key,
    departmentId: z.string().uuid(),
    priority: z.number().int().min(-1000).max(1000).optional(),
  })
  .strict();
const updateSchema = createSchema.partial().strict();
const view = z.object({
  id: z.string().uuid(),
  serviceClass: z.string().nullable(),
  serviceType: z.string().nullable(),
  problemType: z.string().nullable(),
  departmentId: z.string().uuid(),
  priority: z.number().int(),
});
type View = z.infer<typeof view>;

export function routingRulesResource(db: Db): AdminResource<View> {
  const select = { id: true, serviceClass: true, serviceType: true, problemType: true, departmentId: true, priority: true } as const;
  async function check(
    id: string | null,
    merged: { serviceClass?: string | null; serviceType?: string | null; problemType?: string | null; departmentId?: string },
  ) {
    if (merged.departmentId && !(await db.department.findUnique({ where: { id: merged.departmentId } })))
      throw invalid([{ field: 'departmentId', message: 'no such department' }]);
    if (!merged.serviceClass && !merged.serviceType && !merged.problemType) {
      const other = await db.routingRule.findFirst({ where: { serviceClass: null, serviceType: null, problemType: null, ...(id ? { NOT: { id } } : {}) } });
      if (other) throw conflict('there is a default rule already (all fields empty); edit that one');
    }
  }
  return {
    path: 'routing-rules',
    title: 'RoutingRule',
    view,
    createSchema,
    updateSchema,
    list: () => db.routingRule.findMany({ select, orderBy: [{ priority: 'desc' }, { createdAt: 'asc' }] }),
    async create(body) {
      const input = parseInput(createSchema, body);
      await check(null, input);
      return db.routingRule.create({ data: input, select });
    },
    async update(id, body) {
      rowId(id, 'routing rule');
      const input = parseInput(updateSchema, body);
      const before = await db.routingRule.findUnique({ where: { id } });
      if (!before) throw notFound('routing rule');
      await check(id, { ...before, ...input });
      return db.routingRule.update({ where: { id }, data: input, select });
    },
    async remove(id) {
      rowId(id, 'routing rule');
      if (!(await db.routingRule.findUnique({ where: { id } }))) throw notFound('routing rule');
      await db.routingRule.delete({ where: { id } });
    },
  };
}
