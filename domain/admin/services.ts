// The service catalog: what clients can ask for, owned by a department (the work group), under
// an SLA contract.
import { z } from 'zod';
import type { Database } from '../../infra/db';
import { tableResource } from './tableResource';
import { serviceUsage } from './repository';
import { slug, type AdminResource } from './resource';
import { insertService, listServices, updateService } from './tablesRepository';

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

export function servicesResource(db: Database): AdminResource<View> {
  return tableResource(db, {
    path: 'services',
    title: 'AdminService',
    view,
    createSchema,
    updateSchema,
    noun: 'service',
    unique: { key: ['Service', 'code'], taken: (code) => `service code ${code} is taken` },
    references: (input) => [
      { field: 'departmentId', id: input.departmentId, table: 'Department', message: 'no such department' },
      { field: 'slaContractId', id: input.slaContractId, table: 'SlaContract', message: 'no such SLA contract' },
    ],
    list: listServices,
    insert: insertService,
    update: updateService,
    usage: serviceUsage,
    refusal: (used) => (used.requests ? `${used.requests} requests were filed for this service; it stays for their history` : null),
  });
}
