// Problem types per service type, named in Russian and English.
import { z } from 'zod';
import { type Database } from '../../infra/db';
import { conflict, notFound } from '../shared/errors';
import { deleteRow, rowExists } from './repository';
import { parseInput, rowId, slug, type AdminResource } from './resource';
import { insertProblemType, listProblemTypes, problemType, problemTypeTaken, updateProblemType } from './tablesRepository';

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

export function problemTypesResource(db: Database): AdminResource<View> {
  return {
    path: 'problem-types',
    title: 'ProblemType',
    view,
    createSchema,
    updateSchema,
    list: () => listProblemTypes(db),
    async create(body) {
      const input = parseInput(createSchema, body);
      if (await problemTypeTaken(db, input.serviceType, input.code, null)) throw conflict(`problem type ${input.serviceType}/${input.code} exists`);
      return insertProblemType(db, input);
    },
    async update(id, body) {
      rowId(id, 'problem type');
      const input = parseInput(updateSchema, body);
      const before = await problemType(db, id);
      if (!before) throw notFound('problem type');
      if (await problemTypeTaken(db, input.serviceType ?? before.serviceType, input.code ?? before.code, id))
        throw conflict('that code is taken for this service type');
      const row = await updateProblemType(db, id, input);
      if (!row) throw notFound('problem type');
      return row;
    },
    async remove(id) {
      rowId(id, 'problem type');
      if (!(await rowExists(db, 'ProblemType', id))) throw notFound('problem type');
      await deleteRow(db, 'ProblemType', id);
    },
  };
}
