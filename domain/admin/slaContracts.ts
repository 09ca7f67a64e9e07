// SLA contracts: response and resolution targets per priority, and the reopen window. One is
// the default for services without their own.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { slaContractUsage } from './repository';
import { insertSlaContract, listSlaContracts, updateSlaContract } from './tablesRepository';
import { PRIORITIES, type Priority } from '../process/types';
import type { AdminResource } from './resource';
import { tableResource } from './tableResource';

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

export function slaContractsResource(db: Database): AdminResource<View> {
  const asView = (r: { id: string; name: string; targets: unknown; isDefault: boolean; reopenWindowSeconds: number }) => r as View;
  return tableResource(db, {
    path: 'sla-contracts',
    title: 'SlaContract',
    view,
    createSchema,
    updateSchema,
    noun: 'SLA contract',
    unique: { key: ['SlaContract', 'name'], taken: (name) => `an SLA contract named ${name} exists` },
    oneDefault: 'SlaContract',
    list: async (q) => (await listSlaContracts(q)).map(asView),
    insert: async (q, input) => asView(await insertSlaContract(q, input)),
    async update(q, id, input) {
      const row = await updateSlaContract(q, id, input);
      return row && asView(row);
    },
    usage: slaContractUsage,
    refusal(c) {
      if (c.used.services || c.used.clients) return `${c.used.services} services and ${c.used.clients} clients use this contract`;
      return c.isDefault ? 'the default contract cannot be deleted; make another one the default first' : null;
    },
  });
}
