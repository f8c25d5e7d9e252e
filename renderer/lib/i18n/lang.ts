/** The two languages of every participant-facing page; a plain module so pure code can use it too. */
export type Lang = 'id' | 'en';

export type Dictionary<K extends string> = Record<Lang, Record<K, string>>;

/** Fills {name} placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}
