// Assets (office devices and equipment) as admins keep them; every asset gets an unguessable
// QR token when created.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../infra/db';
import { conflict, invalid, notFound } from '../shared/errors';
import { parseInput, rowId, slug, type AdminResource } from './resource';

const createSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    serviceClass: slug,
    serviceType: slug,
    serviceId: z.string().uuid().describe('the catalog service requests about the asset are filed under'),
    location: z.string().trim().max(200).optional(),
    ownerId: z.string().min(1).max(100).nullable().optional(),
    departmentId: z.string().uuid().nullable().optional(),
    serial: z.string().trim().max(100).nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict();
const updateSchema = createSchema.partial().strict();
const view = z.object({
  id: z.string().uuid(),
  name: z.string(),
  serviceClass: z.string(),
  serviceType: z.string(),
  serviceId: z.string().uuid(),
  location: z.string(),
  ownerId: z.string().nullable(),
  departmentId: z.string().uuid().nullable(),
  serial: z.string().nullable(),
  qrToken: z.string(),
  active: z.boolean(),
});
type View = z.infer<typeof view>;
export const newQrToken = () => randomBytes(18).toString('base64url');

export function assetsResource(db: Db): AdminResource<View> {
  const select = {
    id: true,
    name: true,
    serviceClass: true,
    serviceType: true,
    serviceId: true,
    location: true,
    ownerId: true,
    departmentId: true,
    serial: true,
    qrToken: true,
    active: true,
  } as const;
  async function check(input: z.infer<typeof updateSchema>): Promise<void> {
    if (input.serviceId && !(await db.service.findUnique({ where: { id: input.serviceId } })))
      throw invalid([{ field: 'serviceId', message: 'no such service' }]);
    if (input.departmentId && !(await db.department.findUnique({ where: { id: input.departmentId } })))
      throw invalid([{ field: 'departmentId', message: 'no such department' }]);
    if (input.ownerId && !(await db.employee.findUnique({ where: { id: input.ownerId } }))) throw invalid([{ field: 'ownerId', message: 'no such employee' }]);
  }
  return {
    path: 'assets',
    title: 'Asset',
    view,
    createSchema,
    updateSchema,
    list: () => db.asset.findMany({ select, orderBy: [{ location: 'asc' }, { name: 'asc' }] }),
    async create(body) {
      const input = parseInput(createSchema, body);
      await check(input);
      return db.asset.create({ data: { ...input, qrToken: newQrToken() }, select });
    },
    async update(id, body) {
      rowId(id, 'asset');
      const input = parseInput(updateSchema, body);
      if (!(await db.asset.findUnique({ where: { id } }))) throw notFound('asset');
      await check(input);
      return db.asset.update({ where: { id }, data: input, select });
    },
    async remove(id) {
      rowId(id, 'asset');
      const a = await db.asset.findUnique({ where: { id }, select: { _count: { select: { requests: true } } } });
      if (!a) throw notFound('asset');
      if (a._count.requests) throw conflict(`${a._count.requests} requests are about this asset; deactivate it instead (active: false)`);
      await db.asset.delete({ where: { id } });
    },
  };
}
