import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '@contract/messages';
import { translateValidation } from '@contract/messages';
import { en } from './en';
import { nb } from './nb';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof nb };
  }
}

/** One i18next instance for the whole renderer; Norwegian bokmål first, English second. */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { nb: { translation: nb }, en: { translation: en } },
  lng: 'nb',
  fallbackLng: 'nb',
  supportedLngs: ['nb', 'en'],
  // Resources are bundled, so initialise synchronously: the first render is already translated.
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'nb';
}

export function setLanguage(language: Language): void {
  if (i18n.language !== language) void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

/** A contract validation key (a zod issue message) in the current language. */
export function validationText(key: string): string {
  return translateValidation(currentLanguage(), key);
}
