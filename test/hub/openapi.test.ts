import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type HubFixture } from '../support/hub-fixture.js';

let fx: HubFixture;
let doc: any;

beforeAll(async () => {
  fx = await startTestHub();
  const res = await fetch(`${fx.url}/api/v1/openapi.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  doc = await res.json();
});
afterAll(async () => {
  await fx?.close();
});

/** The API as the route files declare it: what a device programmer reads the description for. */
const EXPECTED: [string, string][] = [
  ['get', '/api/v1/health'],
  ['get', '/api/v1/state'],
  ['get', '/api/v1/services'],
  ['post', '/api/v1/tickets'],
  ['post', '/api/v1/tickets/check-in'],
  ['post', '/api/v1/tickets/check-in/check'],
  ['get', '/api/v1/tickets/status/{statusCode}'],
  ['get', '/api/v1/tickets/{ticketId}'],
  ['post', '/api/v1/tickets/{ticketId}/cancel'],
  ['get', '/api/v1/tickets'],
  ['post', '/api/v1/sessions'],
  ['get', '/api/v1/sessions/current'],
  ['delete', '/api/v1/sessions/current'],
  ['post', '/api/v1/positions/{positionId}/call-next'],
  ['post', '/api/v1/positions/{positionId}/call'],
  ['post', '/api/v1/tickets/{ticketId}/recall'],
  ['post', '/api/v1/tickets/{ticketId}/no-show'],
  ['post', '/api/v1/tickets/{ticketId}/start'],
  ['post', '/api/v1/tickets/{ticketId}/finish'],
  ['post', '/api/v1/tickets/{ticketId}/transfer'],
  ['get', '/api/v1/tickets/{ticketId}/draft'],
  ['put', '/api/v1/tickets/{ticketId}/draft'],
  ['put', '/api/v1/services/{code}'],
  ['put', '/api/v1/services/{code}/open'],
  ['put', '/api/v1/services/{code}/quota-today'],
  ['put', '/api/v1/settings/ticker'],
  ['get', '/api/v1/settings/policy'],
  ['put', '/api/v1/settings/policy'],
  ['put', '/api/v1/positions/{positionId}'],
  ['get', '/api/v1/officers'],
  ['put', '/api/v1/officers/{officerId}'],
  ['put', '/api/v1/officers/{officerId}/pin'],
  ['post', '/api/v1/officers/{officerId}/unlock'],
  ['get', '/api/v1/staff'],
  ['post', '/api/v1/bookings'],
  ['get', '/api/v1/supervisor/overview'],
  ['get', '/api/v1/reports/day'],
  ['get', '/api/v1/reports/day/services.csv'],
  ['get', '/api/v1/reports/day/officers.csv'],
  ['get', '/api/v1/bookings'],
  ['post', '/api/v1/settings/policy/preview'],
  ['post', '/api/v1/officers/{officerId}/sign-out'],
  ['get', '/api/v1/positions/{positionId}/preview'],
  ['get', '/api/v1/print-jobs'],
  ['post', '/api/v1/print-jobs/{jobId}/start'],
  ['post', '/api/v1/print-jobs/{jobId}/result'],
  ['post', '/api/v1/print-jobs/interrupted'],
  ['put', '/api/v1/printer-status'],
  ['post', '/api/v1/tickets/{ticketId}/reprint'],
  ['post', '/api/v1/scans'],
  ['post', '/api/v1/pairing'],
  ['post', '/api/v1/pairing/{deviceId}/claim'],
  ['get', '/api/v1/devices/current'],
  ['get', '/api/v1/devices'],
  ['post', '/api/v1/devices/approve'],
  ['put', '/api/v1/devices/{deviceId}/binding'],
  ['post', '/api/v1/setup'],
  ['put', '/api/v1/settings/exit-pin'],
  ['post', '/api/v1/devices/current/exit-check'],
  ['post', '/api/v1/devices/current/window-faults'],
  ['post', '/api/v1/devices/{deviceId}/revoke'],
  ['get', '/api/v1/calls/settings'],
  ['get', '/api/v1/booth/current'],
  ['post', '/api/v1/booth/consent'],
  ['post', '/api/v1/booth/captures'],
  ['post', '/api/v1/booth/rating'],
  ['get', '/api/v1/tickets/{ticketId}/documents'],
  ['get', '/api/v1/captures/{captureId}/image'],
  ['put', '/api/v1/captures/{captureId}/review'],
];

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const operations = (): [string, string, any][] =>
  Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([m]) => METHODS.includes(m))
      .map(([m, op]) => [m, path, op] as [string, string, any]),
  );

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1 document with info, a bearer scheme and paths', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(doc.components.securitySchemes.deviceToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(typeof doc.paths).toBe('object');
    for (const path of Object.keys(doc.paths)) expect(path).toMatch(/^\/api\/v1\/[a-z0-9/{}.-]*[a-z}]$/i);
  });

  it('lists every route of the API, and nothing that is not served', () => {
    const listed = operations().map(([m, p]) => `${m} ${p}`).sort();
    expect(listed).toEqual(EXPECTED.map(([m, p]) => `${m} ${p}`).sort());
    for (const [method, path] of operations()) {
      const url = path.replace(/\{(\w+)\}/g, ':$1');
      expect(fx.hub.app.hasRoute({ method: method.toUpperCase() as 'GET', url }), `${method} ${path} is not served`).toBe(true);
    }
  });

  it('every operation has a summary, responses with an error shape, and declares its path parameters', () => {
    for (const [method, path, op] of operations()) {
      const where = `${method} ${path}`;
      expect(op.summary, where).toEqual(expect.any(String));
      expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s)), where).toBe(true);
      expect(op.responses['4XX'].content['application/json'].schema.properties.error.required, where).toEqual(['code', 'reason', 'params', 'message']);
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p: any) => p.in === 'path').map((p: any) => p.name);
      expect(declared.sort(), where).toEqual(inPath.sort());
      for (const p of op.parameters ?? []) if (p.in === 'path') expect(p.required, `${where} ${p.name}`).toBe(true);
      if (op.requestBody) expect(op.requestBody.content['application/json'].schema, where).toBeTypeOf('object');
      if (op['x-access'] === 'public') expect(op.security, where).toEqual([]);
      else expect(op.security, where).toEqual([{ deviceToken: [] }]);
    }
  });

  it('describes POST /tickets: its body schema with serviceCode, 201, and kiosk access', () => {
    const op = doc.paths['/api/v1/tickets'].post;
    const schema = op.requestBody.content['application/json'].schema;
    expect(op.requestBody.required).toBe(true);
    expect(schema.type).toBe('object');
    expect(schema.properties.serviceCode).toMatchObject({ type: 'string', pattern: expect.any(String) });
    expect(schema.required).toEqual(['serviceCode']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.priority.enum).toEqual(['none', 'elderly', 'disabled', 'pregnant', 'other']);
    expect(op.responses).toHaveProperty('201');
    expect(op['x-access']).toEqual(['kiosk']);
    // The schema's pattern is the one the hub enforces.
    const pattern = new RegExp(schema.properties.serviceCode.pattern);
    expect(pattern.test('JHT')).toBe(true);
    expect(pattern.test('jht')).toBe(false);
  });

  it('the status route of the phone page is public and its parameter has the status-code pattern', () => {
    const op = doc.paths['/api/v1/tickets/status/{statusCode}'].get;
    expect(op['x-access']).toBe('public');
    const param = op.parameters.find((p: any) => p.name === 'statusCode');
    expect(param).toMatchObject({ in: 'path', required: true, schema: { type: 'string' } });
  });

  it('GET /tickets documents its optional day query', () => {
    const op = doc.paths['/api/v1/tickets'].get;
    expect(op.parameters).toEqual([expect.objectContaining({ name: 'day', in: 'query', required: false })]);
  });
});
