import { z } from 'zod';
import type { RouteSpec } from './route.js';

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const errorResponse = {
  description: 'Refused: the error names the problem (a stable reason with its params) and the field; nothing changed.',
  content: {
    'application/json': {
      schema: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'reason', 'params', 'message'],
            properties: {
              code: { type: 'string', description: 'coarse, sets the status: invalid, not_found, conflict, quota_full, ...' },
              reason: { type: 'string', description: 'stable, fine-grained (position_busy, quota_full, ...): what a page words in its language' },
              params: { type: 'object', additionalProperties: { type: ['string', 'number', 'null'] }, description: 'the values the wording of the reason needs' },
              message: { type: 'string', description: 'an English sentence for logs and programs; pages do not show it' },
              field: { type: 'string' },
            },
          },
        },
      },
    },
  },
};

/** The hub's API description, generated from the same route table and schemas that serve it. */
export function openApiDocument(routes: readonly RouteSpec[], prefix: string, version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = prefix + r.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [['path', r.params], ['query', r.query]] as const) {
      if (!schema) continue;
      const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: s });
      }
    }
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      summary: r.summary,
      tags: [r.tag],
      'x-access': r.access === 'public' || r.access === 'read' ? r.access : [...r.access],
      security: r.access === 'public' ? [] : [{ deviceToken: [] }],
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(r.body) } } } } : {}),
      responses: {
        [String(r.status ?? 200)]: { description: 'Done', content: { 'application/json': { schema: {} } } },
        '4XX': errorResponse,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Antre branch hub',
      version,
      description: 'Commands and reads of one branch. The realtime stream is a WebSocket at /api/v1/stream?after=SEQ&token=TOKEN.',
    },
    components: { securitySchemes: { deviceToken: { type: 'http', scheme: 'bearer', description: 'The token a device received when its pairing was approved.' } } },
    paths,
  };
}
