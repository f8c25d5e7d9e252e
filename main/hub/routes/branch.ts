import { snapshotFor } from '../audience.js';
import { route } from '../route.js';

export const branchRoutes = [
  route({
    method: 'GET', url: '/health', tag: 'branch', access: 'public',
    summary: 'Liveness of the hub, its branch and the last event sequence.',
    handle: (_input, { queue }) => ({ ok: true, branch: queue.branch, seq: queue.store.lastSeq() }),
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
