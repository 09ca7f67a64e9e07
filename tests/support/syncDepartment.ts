// A department with one service, of a sync test's own (docs/sync.md, "Beside the other suites"):
// its queue mappings send only its requests to RT and Redmine, and the tickets filed from there
// land in it, so no other suite's requests or agents are touched.
import { api } from './api';

/** Makes the department `code` and its service `<code>-svc`; answers the department's id. */
export async function syncDepartment(code: string, name: string): Promise<string> {
  const made = await api('admin', 'POST', '/api/admin/departments', { code, name });
  expect(made.status).toBe(201);
  const service = await api('admin', 'POST', '/api/admin/services', {
    code: `${code}-svc`,
    name,
    serviceClass: 'sync',
    serviceType: code,
    departmentId: made.body.item.id,
  });
  expect(service.status).toBe(201);
  return made.body.item.id as string;
}
