import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'react-admin';
import en from './en';
import { DEFAULT_LOCALE, LOCALES } from './locales';

/** English ships in the main bundle; Chinese is loaded when first chosen. */
export const i18nProvider = polyglotI18nProvider(
  (locale) =>
    locale === 'zh'
      ? import('./zh').then((module) => module.default as TranslationMessages)
      : (en as TranslationMessages),
  DEFAULT_LOCALE,
  LOCALES,
  { allowMissing: true },
);
