// Problem types per service type, named in Russian and English.
import { z } from 'zod';
import type { Db } from '../../infra/db';
import { conflict, notFound } from '../shared/errors';
import { parseInput, rowId, slug, type AdminResource } from './resource';

const createSchema = z
  .object({
    serviceType: slug,
    code: slug,
    nameRu: z.string().trim().min(1).max(200),
    nameEn: z.string().trim().min(1).max(200),
    active: z.boolean().optional(),
  })
  .strict();
const updateSchema = createSchema.partial().strict();
const view = z.object({ id: z.string().uuid(), serviceType: z.string(), code: z.string(), nameRu: z.string(), nameEn: z.string(), active: z.boolean() });
type View = z.infer<typeof view>;

export function problemTypesResource(db: Db): AdminResource<View> {
  const taken = async (serviceType: string, code: string, id: string | null) =>
    db.problemType.findFirst({ where: { serviceType, code, ...(id ? { NOT: { id } } : {}) } });
  return {
    path: 'problem-types',
    title: 'ProblemType',
    view,
    createSchema,
    updateSchema,
    list: () => db.problemType.findMany({ orderBy: [{ serviceType: 'asc' }, { code: 'asc' }] }),
    async create(body) {
      const input = parseInput(createSchema, body);
      if (await taken(input.serviceType, input.code, null)) throw conflict(`problem type ${input.serviceType}/${input.code} exists`);
      return db.problemType.create({ data: input });
    },
    async update(id, body) {
      rowId(id, 'problem type');
      const input = parseInput(updateSchema, body);
      const before = await db.problemType.findUnique({ where: { id } });
      if (!before) throw notFound('problem type');
      if (await taken(input.serviceType ?? before.serviceType, input.code ?? before.code, id)) throw conflict('that code is taken for this service type');
      return db.problemType.update({ where: { id }, data: input });
    },
    async remove(id) {
      rowId(id, 'problem type');
      if (!(await db.problemType.findUnique({ where: { id } }))) throw notFound('problem type');
      await db.problemType.delete({ where: { id } });
    },
  };
}
