// The routing rules table: service class, service type, problem type -> executor department.
// Empty fields match anything; the most specific matching rule wins, then the higher priority;
// the rule with every field empty is the default (at most one).
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { conflict, notFound } from '../shared/errors';
import { deleteRow, rowExists } from './repository';
import { mustExist, parseInput, rowId, type AdminResource } from './resource';
import { defaultRuleExists, insertRoutingRule, listRoutingRules, routingRule, updateRoutingRule } from './tablesRepository';

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

export function routingRulesResource(db: Database): AdminResource<View> {
  async function check(
    id: string | null,
    merged: { serviceClass?: string | null; serviceType?: string | null; problemType?: string | null; departmentId?: string },
  ) {
    await mustExist(db, [{ field: 'departmentId', id: merged.departmentId, table: 'Department', message: 'no such department' }]);
    if (!merged.serviceClass && !merged.serviceType && !merged.problemType && (await defaultRuleExists(db, id)))
      throw conflict('there is a default rule already (all fields empty); edit that one');
  }
  return {
    path: 'routing-rules',
    title: 'RoutingRule',
    view,
    createSchema,
    updateSchema,
    list: () => listRoutingRules(db),
    async create(body) {
      const input = parseInput(createSchema, body);
      await check(null, input);
      return insertRoutingRule(db, input);
    },
    async update(id, body) {
      rowId(id, 'routing rule');
      const input = parseInput(updateSchema, body);
      const before = await routingRule(db, id);
      if (!before) throw notFound('routing rule');
      await check(id, { ...before, ...input });
      const row = await updateRoutingRule(db, id, input);
      if (!row) throw notFound('routing rule');
      return row;
    },
    async remove(id) {
      rowId(id, 'routing rule');
      if (!(await rowExists(db, 'RoutingRule', id))) throw notFound('routing rule');
      await deleteRow(db, 'RoutingRule', id);
    },
  };
}
