// How a report names a person: their full name, else their login, else the bare id (an employee
// row gone since, or never mirrored from Keycloak).
export const staffName = (r: { employeeId: string | null; fullName: string | null; username: string | null }): string =>
  r.fullName || r.username || r.employeeId || '';
