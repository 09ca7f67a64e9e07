import { actionForMove, allowedActions, nextStatus } from '../../domain/process/states';

test('the documented path NEW -> ASSIGNED -> IN_PROGRESS <-> WAITING_FOR_CLIENT -> RESOLVED -> CLOSED', () => {
  expect(nextStatus('NEW', 'assign')).toEqual({ ok: true, status: 'ASSIGNED' });
  expect(nextStatus('ASSIGNED', 'start')).toEqual({ ok: true, status: 'IN_PROGRESS' });
  expect(nextStatus('IN_PROGRESS', 'waitForClient')).toEqual({ ok: true, status: 'WAITING_FOR_CLIENT' });
  expect(nextStatus('WAITING_FOR_CLIENT', 'resume')).toEqual({ ok: true, status: 'IN_PROGRESS' });
  expect(nextStatus('IN_PROGRESS', 'resolve')).toEqual({ ok: true, status: 'RESOLVED' });
  expect(nextStatus('RESOLVED', 'reopen')).toEqual({ ok: true, status: 'IN_PROGRESS' });
  expect(nextStatus('RESOLVED', 'close')).toEqual({ ok: true, status: 'CLOSED' });
});

test('reassignment keeps the working status', () => {
  expect(nextStatus('IN_PROGRESS', 'assign')).toEqual({ ok: true, status: 'IN_PROGRESS' });
});

test('illegal moves are explained', () => {
  const r = nextStatus('NEW', 'start');
  expect(r.ok).toBe(false);
  expect(!r.ok && r.reason).toContain('allowed from ASSIGNED');
  expect(nextStatus('CLOSED', 'reopen').ok).toBe(false);
  expect(nextStatus('RESOLVED', 'resolve').ok).toBe(false);
});

test('a closed incident allows nothing', () => {
  expect(allowedActions('CLOSED')).toEqual([]);
  expect(allowedActions('RESOLVED')).toEqual(['reopen', 'close']);
});

test('a board move asks for the action that leads to the target column', () => {
  expect(actionForMove('NEW', 'ASSIGNED')).toBe('assign');
  expect(actionForMove('ASSIGNED', 'IN_PROGRESS')).toBe('start');
  expect(actionForMove('WAITING_FOR_CLIENT', 'IN_PROGRESS')).toBe('resume');
  expect(actionForMove('RESOLVED', 'IN_PROGRESS')).toBe('reopen');
  expect(actionForMove('IN_PROGRESS', 'WAITING_FOR_CLIENT')).toBe('waitForClient');
  expect(actionForMove('IN_PROGRESS', 'RESOLVED')).toBe('resolve');
  expect(actionForMove('RESOLVED', 'CLOSED')).toBe('close');
  // Not allowed from here: the process is asked anyway and refuses with its reason.
  expect(actionForMove('NEW', 'IN_PROGRESS')).toBe('start');
  expect(actionForMove('NEW', 'CLOSED')).toBe('close');
  // Nothing leads back to NEW, and a drop on the own column is no move.
  expect(actionForMove('ASSIGNED', 'NEW')).toBeNull();
  expect(actionForMove('ASSIGNED', 'ASSIGNED')).toBeNull();
});
