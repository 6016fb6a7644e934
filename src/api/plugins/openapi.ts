// The OpenAPI 3.1 document, generated from the zod schemas that validate each request (and describe each
// response), and the browsable docs at /docs. zod-to-json-schema writes JSON Schema, which is what 3.1
// schemas are; fastify-type-provider-zod's own transform writes OpenAPI 3.0 (`nullable`), hence ours.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifySchema } from 'fastify';
import type { ZodTypeAny } from 'zod';
import { zodToJsonSchema } from 'zod-to-json-schema';
import { SCOPES } from '../scopes.ts';
import type { RouteAccess } from '../context.ts';

/** Requests are described by what they accept (a limit is a string of digits), responses by what they hold. */
function jsonSchema(schema: ZodTypeAny, side: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...json } = zodToJsonSchema(schema, {
    target: 'jsonSchema7',
    $refStrategy: 'none',
    pipeStrategy: side,
  }) as Record<string, unknown>;
  return json;
}

function who(access: RouteAccess | undefined): string | undefined {
  if (!access || access.family === 'public') return undefined;
  if (access.family === 'admin') return 'Needs an admin token.';
  return access.scope ? `Needs a data key with \`${access.scope}\`: ${SCOPES[access.scope]}.` : 'Needs any data key.';
}

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Switchboard API',
        version,
        description:
          'Read-only access to synced contact-center data, per app key and scope, audited. Errors are ' +
          '`{ "error": { "code", "message" } }`; lists page with opaque cursors. See docs/api.md.',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'sbk_… (data key) or sba_… (admin token)' } },
      },
    },
    transform({ schema, url, route }) {
      if (!schema) return { schema, url };
      const { querystring, params, body, headers, response, hide, ...rest } = schema as FastifySchema & Record<string, unknown>;
      if (hide) return { schema: { hide: true }, url };
      const out: Record<string, unknown> = { ...rest };
      for (const [part, value] of Object.entries({ querystring, params, body, headers })) {
        if (value) out[part] = jsonSchema(value as ZodTypeAny, 'input');
      }
      if (response) {
        out.response = Object.fromEntries(
          Object.entries(response as Record<string, ZodTypeAny>).map(([status, s]) => [status, jsonSchema(s, 'output')]),
        );
      }
      const access = route.config?.access;
      const needs = who(access);
      if (needs) {
        out.security = [{ bearer: [] }];
        out.description = [needs, rest.description].filter(Boolean).join('\n\n');
      }
      return { schema: out, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
