import { useEffect, useMemo } from 'react';
import { type Api, createApi } from './api/endpoints.ts';
import { useI18n } from './i18n.ts';

export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Asuh`;
  }, [title]);
}

/** The API client speaking the user's language, so its error messages can be shown as they are. */
export function useApi(): Api {
  const { language } = useI18n();
  return useMemo(() => createApi(language), [language]);
}
