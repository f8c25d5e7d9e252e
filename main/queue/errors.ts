/**
 * Why a command was refused. `code` is coarse and stable for programs (it sets the HTTP status);
 * `reason` is the fine-grained, stable name of this refusal and `params` the values a page needs to
 * say it in the reader's language (pages never show `message`, which is English for logs and
 * programs). `field` names the input at fault when there is one.
 */
export type QueueErrorCode =
  | 'invalid'
  | 'not_found'
  | 'conflict'
  | 'service_closed'
  | 'quota_full'
  | 'booking_wrong_day'
  | 'booking_too_early'
  | 'booking_used'
  | 'booking_cancelled';

/** What a participant turned away can do instead. */
export type Alternative = 'book_online' | 'drop_box' | 'come_back_later' | 'ask_officer';

/** One value a page words into a refusal: a label, a ticket number, a count. */
export type RefusalParam = string | number | null;
export type RefusalParams = Record<string, RefusalParam>;

/** What a refusal carries besides its code and message; spread into the error body as it is. */
export interface RefusalDetails {
  /** snake_case, stable: renderer/lib/i18n/refusals.ts words every reason thrown. */
  reason: string;
  params?: RefusalParams;
  field?: string;
  alternatives?: Alternative[];
  [detail: string]: unknown;
}

export class QueueError extends Error {
  override name = 'QueueError';
  constructor(
    readonly code: QueueErrorCode,
    message: string,
    readonly details: RefusalDetails,
  ) {
    super(message);
  }

  get reason(): string {
    return this.details.reason;
  }

  get params(): RefusalParams {
    return this.details.params ?? {};
  }
}

/** A service as a refusal names it: its code, and its labels so a page can say it in either language. */
export function serviceParams(service: { code: string; labelId: string; labelEn: string }): RefusalParams {
  return { service: service.code, serviceLabelId: service.labelId, serviceLabelEn: service.labelEn };
}
