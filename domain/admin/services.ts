// The service catalog: what clients can ask for, owned by a department (the work group), under
// an SLA contract.
import { z } from 'zod';
import type { Db } from '../../infra/db';
import { conflict, invalid, notFound } from '../shared/errors';
import { parseInput, rowId, slug, type AdminResource } from './resource';

const createSchema = z
  .object({
    code: slug,
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).optional(),
    serviceClass: slug.optional(),
    serviceType: slug.optional(),
    departmentId: z.string().uuid(),
    slaContractId: z.string().uuid().nullable().optional(),
  })
  .strict();
const updateSchema = createSchema.partial().strict();
const view = z.object({
  id: z.string().uuid(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  serviceClass: z.string(),
  serviceType: z.string(),
  departmentId: z.string().uuid(),
  slaContractId: z.string().uuid().nullable(),
});
type View = z.infer<typeof view>;

export function servicesResource(db: Db): AdminResource<View> {
  const select = {
    id: true,
    code: true,
    name: true,
    description: true,
    serviceClass: true,
    serviceType: true,
    departmentId: true,
    slaContractId: true,
  } as const;

  async function check(id: string | null, input: z.infer<typeof updateSchema>): Promise<void> {
    if (input.departmentId && !(await db.department.findUnique({ where: { id: input.departmentId } })))
      throw invalid([{ field: 'departmentId', message: 'no such department' }]);
    if (input.slaContractId && !(await db.slaContract.findUnique({ where: { id: input.slaContractId } })))
      throw invalid([{ field: 'slaContractId', message: 'no such SLA contract' }]);
    if (input.code && (await db.service.findFirst({ where: { code: input.code, ...(id ? { NOT: { id } } : {}) } })))
      throw conflict(`service code ${input.code} is taken`);
  }

  return {
    path: 'services',
    title: 'AdminService',
    view,
    createSchema,
    updateSchema,
    list: () => db.service.findMany({ select, orderBy: { code: 'asc' } }),
    async create(body) {
      const input = parseInput(createSchema, body);
      await check(null, input);
      return db.service.create({ data: input, select });
    },
    async update(id, body) {
      rowId(id, 'service');
      const input = parseInput(updateSchema, body);
      if (!(await db.service.findUnique({ where: { id } }))) throw notFound('service');
      await check(id, input);
      return db.service.update({ where: { id }, data: input, select });
    },
    async remove(id) {
      rowId(id, 'service');
      const s = await db.service.findUnique({ where: { id }, select: { _count: { select: { requests: true } } } });
      if (!s) throw notFound('service');
      if (s._count.requests) throw conflict(`${s._count.requests} requests were filed for this service; it stays for their history`);
      await db.service.delete({ where: { id } });
    },
  };
}
