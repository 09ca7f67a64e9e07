// Behind https responses carry HSTS (one year); on plain http (a developer's machine) not, since
// browsers would pin a host that has no certificate. Forms may post to Keycloak's origin.
import type { Request, Response } from 'express';
import { securityHeaders } from '../../api/securityHeaders';

const headersOf = (publicUrl: string) => {
  const headers: Record<string, string> = {};
  const res = { setHeader: (name: string, value: string) => (headers[name.toLowerCase()] = value) } as unknown as Response;
  securityHeaders(publicUrl, 'https://sso.example.com/realms/incident-desk', '/nonexistent/index.html')({} as Request, res, () => undefined);
  return headers;
};

test('https: HSTS, and form-action names the Keycloak origin', () => {
  const headers = headersOf('https://desk.example.com');
  expect(headers['strict-transport-security']).toMatch(/^max-age=31536000/);
  expect(headers['content-security-policy']).toContain("form-action 'self' https://sso.example.com");
});

test('http: no HSTS', () => {
  expect(headersOf('http://127.0.0.1:3000')['strict-transport-security']).toBeUndefined();
});
