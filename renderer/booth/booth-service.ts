import type { BoothView, CallSettings } from '../../main/wire/schemas.js';
import { hubGet, hubPost, hubRequest } from '../lib/api/hub-client.js';

/** The booth screen's calls to the hub: its own view, consent, the stills its officer asks for, the rating. */
export const boothService = {
  view: async () => (await hubGet<{ booth: BoothView }>('/booth/current')).booth,
  callSettings: () => hubGet<CallSettings>('/calls/settings'),
  consent: async () => (await hubPost<{ booth: BoothView }>('/booth/consent')).booth,
  rate: async (rating: number) => (await hubPost<{ booth: BoothView }>('/booth/rating', { rating })).booth,
  /** A still is large: it gets longer than the usual few seconds to arrive. */
  capture: (requestId: string, documentId: string, jpeg: string) =>
    hubRequest<{ capture: { id: string; documentId: string; width: number; height: number } }>('POST', '/booth/captures', { requestId, documentId, jpeg }, { timeoutMs: 30_000 }),
};
