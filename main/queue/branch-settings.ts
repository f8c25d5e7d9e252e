import { policyConfig, today, type QueueContext } from './context.js';
import { QueueError, serviceParams } from './errors.js';
import type { Booking, PolicyConfig, Service } from './types.js';

/** Adds or changes a service. Its code is its identity; its prefix must stay unique. */
export function saveService(ctx: QueueContext, service: Service): Service {
  return ctx.store.transaction(() => {
    const clash = ctx.store.serviceByPrefix(service.prefix);
    if (clash && clash.code !== service.code) {
      throw new QueueError('conflict', `prefix ${service.prefix} is already used by ${clash.code}`, { field: 'prefix', reason: 'prefix_taken', params: { prefix: service.prefix, ...serviceParams(clash) } });
    }
    ctx.store.upsertService(service);
    ctx.store.appendEvent('service.updated', { service }, ctx.clock());
    return service;
  });
}

export function setServiceOpen(ctx: QueueContext, code: string, isOpen: boolean): Service {
  return ctx.store.transaction(() => {
    const service = ctx.store.service(code);
    if (!service) throw new QueueError('not_found', `unknown service "${code}"`, { field: 'serviceCode', reason: 'service_unknown', params: { service: code } });
    const updated = { ...service, isOpen };
    ctx.store.upsertService(updated);
    ctx.store.appendEvent('service.updated', { service: updated }, ctx.clock());
    return updated;
  });
}

/** Sets today's quota of a service (tomorrow it is back to the daily quota). It cannot go below what was already issued. */
export function setTodaysQuota(ctx: QueueContext, code: string, quota: number): { serviceCode: string; businessDay: string; quota: number } {
  return setQuota(ctx, code, today(ctx), quota);
}

/** Sets a service's quota for one business day (headquarters publishes them ahead). It cannot go below what that day already issued. */
export function setQuota(ctx: QueueContext, code: string, day: string, quota: number): { serviceCode: string; businessDay: string; quota: number } {
  return ctx.store.transaction(() => {
    const service = ctx.store.service(code);
    if (!service) throw new QueueError('not_found', `unknown service "${code}"`, { field: 'serviceCode', reason: 'service_unknown', params: { service: code } });
    const issued = ctx.store.numbersIssued(service, day);
    if (quota < issued) {
      throw new QueueError('invalid', `${issued} tickets of ${code} are already issued on ${day}: the quota cannot be lower`, {
        field: 'quota',
        reason: 'quota_below_issued',
        params: { ...serviceParams(service), issued },
        issued,
      });
    }
    ctx.store.setQuotaOverride(code, day, quota);
    const change = { serviceCode: code, businessDay: day, quota };
    ctx.store.appendEvent('service.quota_set', change, ctx.clock());
    return change;
  });
}

export function setTicker(ctx: QueueContext, text: string): void {
  ctx.store.transaction(() => {
    ctx.store.setSetting('ticker', text);
    ctx.store.appendEvent('settings.updated', { key: 'ticker', value: text }, ctx.clock());
  });
}

export function ticker(ctx: QueueContext): string {
  return ctx.store.setting<string>('ticker') ?? '';
}

export function setPolicy(ctx: QueueContext, change: Partial<PolicyConfig>): PolicyConfig {
  return ctx.store.transaction(() => {
    const next = { ...policyConfig(ctx), ...change };
    ctx.store.setSetting('policy', next);
    ctx.store.appendEvent('settings.updated', { key: 'policy', value: next }, ctx.clock());
    return next;
  });
}

/** Stores online bookings published for this branch. A booking already checked in keeps its state. */
export function importBookings(ctx: QueueContext, bookings: readonly Omit<Booking, 'ticketId'>[]): void {
  ctx.store.transaction(() => {
    for (const b of bookings) {
      if (!ctx.store.service(b.serviceCode)) {
        throw new QueueError('not_found', `booking ${b.code} names unknown service "${b.serviceCode}"`, {
          field: 'serviceCode',
          reason: 'booking_service_unknown',
          params: { booking: b.code, service: b.serviceCode },
        });
      }
      ctx.store.upsertBooking(b);
    }
    ctx.store.appendEvent('booking.imported', { codes: bookings.map((b) => b.code) }, ctx.clock());
  });
}
