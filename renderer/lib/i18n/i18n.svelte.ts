/**
 * Bahasa Indonesia first, English one tap away. Each page passes its own dictionary; a page that
 * strangers use returns to Indonesian after an idle timeout.
 */
import type { Lang } from './lang.js';

export { fill, type Dictionary, type Lang } from './lang.js';


export class Language {
  lang = $state<Lang>('id');
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly idleMs: number | null = null) {}

  toggle(): void {
    this.set(this.lang === 'id' ? 'en' : 'id');
  }

  set(lang: Lang): void {
    this.lang = lang;
    document.documentElement.lang = lang;
    this.touch();
  }

  /** Called on every interaction: the idle timer starts again. */
  touch(): void {
    if (this.idleMs === null) return;
    clearTimeout(this.#timer);
    if (this.lang !== 'id') this.#timer = setTimeout(() => this.set('id'), this.idleMs);
  }
}
