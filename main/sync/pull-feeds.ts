import type { HubLog } from '../ops/hub-log.js';
import type { BranchQueue } from '../queue/branch-queue.js';
import { QueueError } from '../queue/errors.js';
import type { Service } from '../queue/types.js';
import type { PullFeedName, PullPage } from '../wire/sync.js';

/**
 * What headquarters publishes to a branch, and how the branch takes it in: through the queue's
 * own commands, so each change is checked like a supervisor's and appends its event as usual.
 */

export type PullItems = { [F in PullFeedName]: PullPage<F>['items'] };
export type PullApplier = <F extends PullFeedName>(feed: F, items: PullItems[F]) => void;

const sameService = (a: Service, b: Service) => JSON.stringify(a) === JSON.stringify({ ...a, ...b });

/**
 * Applies one page of a feed. An item the branch refuses (a prefix another local service uses, a
 * quota below what was already issued that day, a booking of a service the branch does not
 * offer) is logged and left out: one bad item must not hold back every later change.
 */
export function createPullApplier(queue: BranchQueue, log: HubLog): PullApplier {
  const refused = (feed: PullFeedName, item: string, err: unknown) => {
    if (!(err instanceof QueueError)) throw err;
    log.warn('sync.item_refused', { feed, item, reason: err.reason, detail: err.message });
  };

  const appliers: { [F in PullFeedName]: (items: PullItems[F]) => void } = {
    catalogue(items) {
      for (const service of items) {
        const current = queue.store.service(service.code);
        if (current && sameService(current, service)) continue;
        try {
          queue.saveService(service);
        } catch (err) {
          refused('catalogue', service.code, err);
        }
      }
    },
    quotas(items) {
      const today = queue.today();
      for (const q of items) {
        // A past day's quota changes nothing anyone can still take.
        if (q.businessDay < today) continue;
        const service = queue.store.service(q.serviceCode);
        if (service && queue.store.quotaFor(service, q.businessDay) === q.quota) continue;
        try {
          queue.setQuota(q.serviceCode, q.businessDay, q.quota);
        } catch (err) {
          refused('quotas', `${q.serviceCode} ${q.businessDay}`, err);
        }
      }
    },
    bookings(items) {
      const known = items.filter((b) => {
        if (queue.store.service(b.serviceCode)) return true;
        // Named by its slot, not its code: a booking code checks a participant in.
        log.warn('sync.item_refused', { feed: 'bookings', item: `${b.serviceCode} ${new Date(b.slotStart).toISOString()}`, reason: 'booking_service_unknown', detail: `a booking of ${b.serviceCode}, which this branch does not offer` });
        return false;
      });
      if (known.length > 0) queue.importBookings(known);
    },
  };
  return (feed, items) => appliers[feed](items);
}
