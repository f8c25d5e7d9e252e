import { fill, Language, type Lang } from '../lib/i18n/i18n.svelte.js';
import { TEXT, type TextKey } from './supervisor-text.js';

const STORAGE_KEY = 'antre.supervisor.lang';

/** The supervisor page's language: Indonesian first; a supervisor who switched keeps English across reloads. */
export const language = new Language();

export function restoreLanguage(): void {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'id') language.set(saved);
}

export function rememberLanguage(lang: Lang): void {
  localStorage.setItem(STORAGE_KEY, lang);
}

/** The text of a key in the current language, with {placeholders} filled. */
export function t(key: TextKey, values?: Record<string, string | number>): string {
  const text = TEXT[language.lang][key];
  return values ? fill(text, values) : text;
}
