import { useEffect, useMemo, useRef, useState } from 'react';
import { useDocumentTitle } from './hooks.ts';
import { dictionaries, I18nContext, type Language, storedLanguage, storeLanguage, useI18n } from './i18n.ts';
import { CalculatorPage } from './pages/CalculatorPage.tsx';
import { RegionsPage } from './pages/RegionsPage.tsx';
import { Link, parseRoute, paths, type Route, usePathname } from './router.tsx';

export function App() {
  const [language, setLanguageState] = useState<Language>(storedLanguage);
  const i18n = useMemo(
    () => ({
      language,
      t: dictionaries[language],
      setLanguage(next: Language) {
        storeLanguage(next);
        setLanguageState(next);
      },
    }),
    [language],
  );

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const pathname = usePathname();
  const route = parseRoute(pathname);

  // After a page change, start reading at the new page's content, as a full page load would.
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname);
  useEffect(() => {
    if (pathname === shownPath.current) return;
    shownPath.current = pathname;
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <I18nContext.Provider value={i18n}>
      <a className="skip-link" href="#main">
        {i18n.t.skipToContent}
      </a>
      <Header route={route} />
      <main id="main" ref={main} tabIndex={-1} className="page">
        {route.page === 'calculator' && <CalculatorPage />}
        {route.page === 'regions' && <RegionsPage code={route.code} />}
        {route.page === 'not-found' && <NotFound />}
      </main>
      <Footer />
    </I18nContext.Provider>
  );
}

function Header({ route }: { route: Route }) {
  const { t, language, setLanguage } = useI18n();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href={paths.calculator} className="brand">
          <span className="brand__mark" aria-hidden="true">
            A
          </span>
          <span className="brand__text">
            <span className="brand__name">{t.appName}</span>
            <span className="brand__tagline">{t.tagline}</span>
          </span>
        </Link>
        <fieldset className="language-switch">
          <legend className="visually-hidden">{t.languageGroup}</legend>
          {(
            [
              ['id', 'ID', 'Bahasa Indonesia'],
              ['en', 'EN', 'English'],
            ] as const
          ).map(([code, short, name]) => (
            <button
              key={code}
              type="button"
              lang={code}
              aria-pressed={language === code}
              aria-label={`${short}, ${name}`}
              title={name}
              onClick={() => setLanguage(code)}
            >
              {short}
            </button>
          ))}
        </fieldset>
      </div>
      <nav className="site-nav" aria-label={t.navLabel}>
        <ul className="site-nav__inner">
          <li>
            <Link href={paths.calculator} aria-current={route.page === 'calculator' ? 'page' : undefined}>
              {t.navCalculator}
            </Link>
          </li>
          <li>
            <Link href={paths.regions()} aria-current={route.page === 'regions' ? 'page' : undefined}>
              {t.navRegions}
            </Link>
          </li>
        </ul>
      </nav>
    </header>
  );
}

function Footer() {
  const { t } = useI18n();
  return (
    <footer className="site-footer">
      <p>
        {t.footer} <a href="/api/docs">{t.apiDocs}</a>
      </p>
    </footer>
  );
}

function NotFound() {
  const { t } = useI18n();
  useDocumentTitle(t.notFoundTitle);
  return (
    <>
      <h1>{t.notFoundTitle}</h1>
      <p>{t.notFoundText}</p>
      <p>
        <Link href={paths.calculator}>{t.backHome}</Link>
      </p>
    </>
  );
}
