// SLA contracts: response and resolution targets per priority, and the reopen window. One is
// the default for services without their own.
import { z } from 'zod';
import { database, type Db } from '../../infra/db';
import { conflict, notFound } from '../shared/errors';
import { clearDefault, deleteRow, nameTaken, rowExists, slaContractUsage } from './repository';
import { insertSlaContract, listSlaContracts, updateSlaContract } from './tablesRepository';
import { PRIORITIES, type Priority } from '../process/types';
import { parseInput, rowId, type AdminResource } from './resource';

const seconds = z
  .number()
  .int()
  .min(60)
  .max(365 * 86_400);
const target = z
  .object({ response: seconds, resolution: seconds })
  .strict()
  .refine((t) => t.response <= t.resolution, { path: ['response'], message: 'must not exceed resolution' });
/** One schema per priority, keyed by every priority of PRIORITIES. */
const perPriority = <T extends z.ZodTypeAny>(schema: T) => z.object(Object.fromEntries(PRIORITIES.map((p) => [p, schema])) as { [P in Priority]: T });
const targets = perPriority(target).strict().describe('seconds of business time per priority');
const createSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    targets,
    isDefault: z.boolean().optional(),
    reopenWindowSeconds: z
      .number()
      .int()
      .min(0)
      .max(90 * 86_400)
      .optional(),
  })
  .strict();
const updateSchema = createSchema.partial().strict();
// As stored: contracts made before these rules (or by the seed's short test contracts) may set
// only some priorities (the others fall back to the defaults) and shorter targets.
const storedTarget = z.object({ response: z.number().positive(), resolution: z.number().positive() });
const storedTargets = perPriority(storedTarget).partial();
const view = z.object({ id: z.string().uuid(), name: z.string(), targets: storedTargets, isDefault: z.boolean(), reopenWindowSeconds: z.number().int() });
type View = z.infer<typeof view>;

export function slaContractsResource(db: Db): AdminResource<View> {
  const asView = (r: { id: string; name: string; targets: unknown; isDefault: boolean; reopenWindowSeconds: number }) => r as View;

  return {
    path: 'sla-contracts',
    title: 'SlaContract',
    view,
    createSchema,
    updateSchema,
    list: async () => (await listSlaContracts(database(db))).map(asView),
    async create(body) {
      const input = parseInput(createSchema, body);
      if (await nameTaken(database(db), 'SlaContract', input.name, null)) throw conflict(`an SLA contract named ${input.name} exists`);
      return database(db)
        .transaction()
        .execute(async (trx) => {
          if (input.isDefault) await clearDefault(trx, 'SlaContract', null);
          return asView(await insertSlaContract(trx, input));
        });
    },
    async update(id, body) {
      rowId(id, 'SLA contract');
      const input = parseInput(updateSchema, body);
      const q = database(db);
      if (!(await rowExists(q, 'SlaContract', id))) throw notFound('SLA contract');
      if (input.name && (await nameTaken(q, 'SlaContract', input.name, id))) throw conflict(`an SLA contract named ${input.name} exists`);
      return q.transaction().execute(async (trx) => {
        if (input.isDefault) await clearDefault(trx, 'SlaContract', id);
        const row = await updateSlaContract(trx, id, input);
        if (!row) throw notFound('SLA contract');
        return asView(row);
      });
    },
    async remove(id) {
      rowId(id, 'SLA contract');
      const c = await slaContractUsage(database(db), id);
      if (!c) throw notFound('SLA contract');
      if (c.used.services || c.used.clients) throw conflict(`${c.used.services} services and ${c.used.clients} clients use this contract`);
      if (c.isDefault) throw conflict('the default contract cannot be deleted; make another one the default first');
      await deleteRow(database(db), 'SlaContract', id);
    },
  };
}
