/**
 * Which picture a required document gets on the kiosk, by the catalogue's document id: a card, the
 * family card, a bank book, an envelope, or a sheet of paper for every letter, form and anything a
 * branch adds. A picture helps someone who reads slowly find the right paper in a folder.
 */
export type DocumentKind = 'card' | 'family' | 'book' | 'envelope' | 'paper';

const KINDS: Record<string, DocumentKind> = {
  ktp: 'card',
  heir_ktp: 'card',
  kpj: 'card',
  npwp: 'card',
  kk: 'family',
  bank_book: 'book',
  heir_bank_book: 'book',
  envelope: 'envelope',
};

export function documentKind(documentId: string): DocumentKind {
  return KINDS[documentId] ?? 'paper';
}
