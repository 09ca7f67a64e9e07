// Our side of a mapping checked before it is stored (docs/sync.md, "Mapping"): a person must be
// one of our active employees (by e-mail or login; kept as the e-mail), a tracker is Redmine's
// and maps to a service or problem type code, a custom field maps to one of our fields. A
// refused value is a 400 naming its field, so the admin page shows it at that field.
import type { Database } from '../../infra/db';
import { invalid } from '../shared/errors';
import { OUR_FIELDS, type Mapping } from './mapping';
import { employeeByEmailOrLogin, serviceOrProblemTypeExists } from './mappingRepository';

/** The mapping as it is stored (a person's local value becomes the employee's e-mail), or a 400. */
export async function checkedMapping<M extends Mapping>(db: Database, m: M): Promise<M> {
  if (m.kind === 'person') {
    const employee = await employeeByEmailOrLogin(db, m.local);
    if (!employee) throw invalid([{ field: 'local', message: `no active employee has the e-mail or login "${m.local}"` }]);
    return { ...m, local: employee.email };
  }
  if (m.kind === 'tracker') {
    if (m.system !== 'redmine') throw invalid([{ field: 'kind', message: "trackers are Redmine's: RT has none" }]);
    if (!(await serviceOrProblemTypeExists(db, m.local))) throw invalid([{ field: 'local', message: `no service or problem type has the code "${m.local}"` }]);
  }
  if (m.kind === 'field' && !(OUR_FIELDS as readonly string[]).includes(m.local))
    throw invalid([{ field: 'local', message: `our fields are ${OUR_FIELDS.join(', ')}` }]);
  return m;
}
