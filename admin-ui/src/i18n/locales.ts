/** Locales of the language menu; names are shown in their own language. */
export const LOCALES = [
  { locale: 'en', name: 'English' },
  { locale: 'zh', name: '中文' },
];

export const DEFAULT_LOCALE = 'en';
