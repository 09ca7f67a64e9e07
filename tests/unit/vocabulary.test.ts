// The process's lists are written once in the pure domain (domain/process/types.ts,
// domain/process/states.ts); the database schema keeps its own enums, which migrations make.
// Both must name the same values in the same order (the order is the board's and the filters').
import { IncidentStatus, Priority, RequestStatus } from '../../generated/prisma/enums';
import { INCIDENT_STATUSES, OPEN_STATUSES, REQUEST_STATUSES, isActive, allowedActions } from '../../domain/process/states';
import { PRIORITIES } from '../../domain/process/types';

test('the priorities and incident statuses of the code are those of the database schema', () => {
  expect(Object.values(Priority)).toEqual([...PRIORITIES]);
  expect(Object.values(IncidentStatus)).toEqual([...INCIDENT_STATUSES]);
  expect(Object.values(RequestStatus)).toEqual([...REQUEST_STATUSES]);
});

test('open statuses are the ones the process still works on: every action but reopen and close is allowed there', () => {
  expect(INCIDENT_STATUSES.filter(isActive)).toEqual([...OPEN_STATUSES]);
  for (const status of INCIDENT_STATUSES) expect(allowedActions(status).includes('unlink')).toBe((OPEN_STATUSES as readonly string[]).includes(status));
});
