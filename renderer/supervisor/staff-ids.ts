import { idSchema, pinSchema } from '../../main/wire/schemas.js';

/**
 * An identifier for a new officer or position, made from what the supervisor typed: 'Rina Wati'
 * becomes 'rina-wati', 'Bilik 3' 'bilik-3'; one already taken gets -2, -3 and so on. The
 * supervisor may type another; the hub checks it against the same format.
 */
export function suggestId(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'baru';
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

export const isValidId = (id: string): boolean => idSchema.safeParse(id).success;

export const isValidPin = (pin: string): boolean => pinSchema.safeParse(pin).success;
