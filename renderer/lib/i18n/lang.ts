/** The two languages of every participant-facing page; a plain module so pure code can use it too. */
export type Lang = 'id' | 'en';
