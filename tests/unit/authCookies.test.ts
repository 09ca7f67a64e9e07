// Behind https the sign-in cookies take the __Host- prefix and Secure; on plain http (a
// developer's machine) the plain names, since browsers refuse both there.
import { authCookies } from '../../api/auth/cookies';

test('https: __Host- cookies, Secure, HttpOnly, SameSite=Lax', () => {
  const cookies = authCookies('https://desk.example.com');
  expect(cookies.session).toBe('__Host-incident_desk_session');
  expect(cookies.login).toBe('__Host-incident_desk_login');
  expect(cookies.options).toMatchObject({ secure: true, httpOnly: true, sameSite: 'lax', path: '/' });
});

test('http: the plain names, not Secure', () => {
  const cookies = authCookies('http://127.0.0.1:3000');
  expect(cookies.session).toBe('incident_desk_session');
  expect(cookies.login).toBe('incident_desk_login');
  expect(cookies.options.secure).toBe(false);
});
