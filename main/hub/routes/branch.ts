import type { HubHealth } from '../../wire/schemas.js';
import { snapshotFor } from '../audience.js';
import { route } from '../route.js';

export const branchRoutes = [
  route({
    method: 'GET', url: '/health', tag: 'branch', access: 'public',
    summary:
      'Whether the hub can serve: its branch, last event sequence, version and schema version, whether the database can be written (503 when not), free disk space, the last backup and any storage fault. Public: it names no folder.',
    statusOf: (result) => ((result as HubHealth).ok ? 200 : 503),
    handle: (_input, { health }) => health.report(),
  }),
  route({
    method: 'GET', url: '/state', tag: 'branch', access: 'read',
    summary: 'Everything a page draws: queues in calling order with estimated waits, calls in progress, positions, officers on duty, the ticker, and the event sequence to resume the stream from.',
    handle: ({ device }, { queue }) => snapshotFor(device, queue.snapshot()),
  }),
  route({
    method: 'GET', url: '/services', tag: 'branch', access: 'read',
    summary: "The branch's service catalogue with labels, quotas and required documents.",
    handle: (_input, { queue }) => ({ services: queue.store.services() }),
  }),
];
