// The OpenAPI 3.1 document, built from the endpoint declarations (api/endpoints/) that also
// make the routes; needs no database or server (scripts/generate-api-types.ts uses it too).
import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { registerEndpoints } from './contract/document';
import { ENDPOINTS } from './endpoints';

export function buildOpenApi(serverUrl: string) {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const cookie = registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'incident_desk_session' });
  registerEndpoints(registry, ENDPOINTS, [{ [bearer.name]: [] }, { [cookie.name]: [] }]);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: { title: 'Incident Desk API', version: '0.1.0', description: 'Service desk and incident management on Temporal' },
    servers: [{ url: serverUrl }],
  });
}
