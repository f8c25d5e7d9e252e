/**
 * Why a command was refused. `code` is stable for programs, `field` names the input at fault
 * when there is one, and the message is a sentence a supervisor can read.
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

export class QueueError extends Error {
  override name = 'QueueError';
  constructor(
    readonly code: QueueErrorCode,
    message: string,
    readonly details: { field?: string; alternatives?: Alternative[]; [key: string]: unknown } = {},
  ) {
    super(message);
  }
}
