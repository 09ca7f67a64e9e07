// Admins add people from the desk (issue 17): POST /api/admin/employees creates the Keycloak
// account through its admin API (as the service client, which the realm grants manage-users),
// with the roles of the chosen level, the department and phone as attributes and a temporary
// password, and mirrors the employee at once. Switching "active" off disables the account in
// Keycloak too. Only admins may; bad input names its field; a taken username is a 409.
import { randomUUID } from 'node:crypto';
import { api } from '../support/api';
import { openDb } from '../support/db';
import { keycloakUser, passwordAttempt } from '../support/keycloak';

const db = openDb();
afterAll(() => db.$disconnect());

const tag = Date.now().toString(36);
const person = async (role = 'agent') => ({
  username: `hire-${role}-${tag}`,
  email: `hire-${role}-${tag}@example.test`,
  firstName: 'Нина',
  lastName: 'Новикова',
  role,
  departmentId: (await db.department.findUniqueOrThrow({ where: { code: 'repair' } })).id,
  phone: '+74950009911',
  locale: 'ru',
  temporaryPassword: 'first-Password-1',
});

test('an admin adds an agent: a Keycloak account with the roles, attributes and a temporary password, mirrored at once', async () => {
  const body = await person('supervisor');
  const res = await api('admin', 'POST', '/api/admin/employees', body);
  expect(res.status).toBe(201);
  expect(res.body.item).toMatchObject({ username: body.username, email: body.email, fullName: 'Нина Новикова', departmentId: body.departmentId, active: true });
  expect([...res.body.item.roles].sort()).toEqual(['agent', 'supervisor', 'user']);

  const account = await keycloakUser(body.username);
  expect(account).toMatchObject({ id: res.body.item.id, enabled: true, email: body.email });
  expect(account.attributes).toMatchObject({ department: ['repair'], phone: ['+74950009911'], locale: ['ru'] });
  // The password is set and temporary: Keycloak wants it changed before the first sign-in.
  const first = await passwordAttempt(body.username, body.temporaryPassword);
  expect([first.status, first.body.error_description]).toEqual([400, 'Account is not fully set up']);
  expect((await passwordAttempt(body.username, 'not-the-password')).body.error_description).toBe('Invalid user credentials');

  // Deactivated in the desk: disabled in Keycloak; active again: enabled.
  expect((await api('admin', 'PATCH', `/api/admin/employees/${res.body.item.id}`, { active: false })).status).toBe(200);
  expect((await keycloakUser(body.username)).enabled).toBe(false);
  expect((await db.employee.findUniqueOrThrow({ where: { id: res.body.item.id } })).active).toBe(false);
  expect((await api('admin', 'PATCH', `/api/admin/employees/${res.body.item.id}`, { active: true })).status).toBe(200);
  expect((await keycloakUser(body.username)).enabled).toBe(true);

  // The same username again: Keycloak's conflict, a 409, nothing made.
  const again = await api('admin', 'POST', '/api/admin/employees', { ...body, email: `other-${tag}@example.test` });
  expect(again.status).toBe(409);
  expect(await db.employee.count({ where: { username: body.username } })).toBe(1);
});

test('only admins add people; bad input names its field and makes no account', async () => {
  const body = await person('user');
  for (const who of ['ivan', 'olga', 'sergey']) expect((await api(who, 'POST', '/api/admin/employees', body)).status).toBe(403);
  const field = async (changes: Record<string, unknown>) => {
    const res = await api('admin', 'POST', '/api/admin/employees', { ...body, ...changes });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    return res.body.errors[0].field;
  };
  expect(await field({ email: 'not-an-email' })).toBe('email');
  expect(await field({ role: 'root' })).toBe('role');
  expect(await field({ username: 'Has Space' })).toBe('username');
  expect(await field({ username: 'ab' })).toBe('username');
  // Keycloak's own rules (its user profile refuses markup in names): its refusal names the field too.
  expect(await field({ firstName: '<b>Нина</b>' })).toBe('firstName');
  expect(await field({ temporaryPassword: 'short' })).toBe('temporaryPassword');
  expect(await field({ phone: '12345' })).toBe('phone');
  expect(await field({ departmentId: randomUUID() })).toBe('departmentId');
  expect(await field({ capacity: 3 })).toBe('capacity'); // the desk's settings come after, on the row
  await expect(keycloakUser(body.username)).rejects.toThrow(/no Keycloak user/);
});
