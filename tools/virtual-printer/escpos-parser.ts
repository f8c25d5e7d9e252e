import { CommandReader } from './command-reader.js';
import { TicketBuilder } from './ticket-builder.js';
import { PROFILE_80MM, type PrinterProfile, type TicketDocument } from './ticket-document.js';

/**
 * ESC/POS bytes in, printed jobs out: the whole stream at once, as a ready printer would print it.
 * Status requests in the stream are skipped here (they have no one to answer); an error ends the job it
 * happens in, with the error on the job, and the rest of the stream is read as the printer would after
 * it (nothing is printed until the next ESC @).
 */
export function parseEscPos(bytes: Uint8Array, profile: PrinterProfile = PROFILE_80MM): TicketDocument[] {
  const reader = new CommandReader();
  const builder = new TicketBuilder(profile);
  const documents: TicketDocument[] = [];
  for (const item of reader.push(bytes)) {
    const document = item.op === 'error' ? builder.fail(item) : builder.apply(item);
    if (document) documents.push(document);
  }
  const error = reader.end();
  if (error) documents.push(builder.fail(error));
  const last = builder.end();
  if (last) documents.push(last);
  return documents;
}
