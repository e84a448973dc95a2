import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Outlet } from 'react-router';
import { ROLE_LABELS } from '../../src/core/access.ts';
import { useDocumentTitle } from './hooks.ts';
import { dictionaries, I18nContext, type Language, storedLanguage, storeLanguage, useI18n } from './i18n.ts';
import { PasswordPage } from './pages/PasswordPage.tsx';
import { Link, type PageName, paths, usePageName, usePathname, useSearch } from './router.tsx';
import { mayUse, SessionProvider, useSession } from './session.tsx';

/**
 * What a page shows is fetched when it opens and again when its filters, page or language change,
 * as a full page load would: nothing is retried behind the user's back or kept once a page closes.
 */
const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: false, gcTime: 0, refetchOnWindowFocus: false, refetchOnReconnect: false },
    mutations: { retry: false },
  },
});

/** The frame of every page: header, menu and footer around the page of the URL. */
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
  const search = useSearch();
  const page = usePageName();

  // After a page change, start reading at the new page's content, as a full page load would.
  const main = useRef<HTMLElement>(null);
  const shownPath = useRef(pathname + window.location.search);
  // A new page of the same list (?page=2) counts as a new page too: its top is what changed.
  const shown = pathname + search;
  useEffect(() => {
    if (shown === shownPath.current) return;
    shownPath.current = shown;
    window.scrollTo(0, 0);
    main.current?.focus({ preventScroll: true });
  }, [shown]);

  return (
    <I18nContext.Provider value={i18n}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <a className="skip-link" href="#main">
            {i18n.t.skipToContent}
          </a>
          <Header page={page} />
          <main id="main" ref={main} tabIndex={-1} className="page">
            <Page />
          </main>
          <Footer />
        </SessionProvider>
      </QueryClientProvider>
    </I18nContext.Provider>
  );
}

/** The page of the URL; a password an administrator reset is replaced before anything else. */
function Page() {
  const { session } = useSession();
  // The API refuses everything else until then.
  if (session.status === 'signed-in' && session.passwordChangeRequired) return <PasswordPage forced />;
  return <Outlet />;
}

/** The pages of the menu: public ones for everybody, the rest for the roles that can use them. */
function useNavItems(page: PageName) {
  const { t } = useI18n();
  const { session } = useSession();
  const user = session.status === 'signed-in' ? session.user : null;
  const items = [
    { href: paths.calculator, label: t.navCalculator, current: page === 'calculator' },
    { href: paths.regions(), label: t.navRegions, current: page === 'regions' },
  ];
  if (!user) return items;
  if (mayUse(user, 'asnRegistry')) {
    items.push({
      href: paths.asnList(),
      label: t.navAsn,
      current: page === 'asn-list' || page === 'asn',
    });
  } else if (mayUse(user, 'ownAsnRecord') && user.scope.nip) {
    items.push({ href: paths.asn(user.scope.nip), label: t.navOwnRecord, current: page === 'asn' });
  }
  if (mayUse(user, 'ownAsnRecord')) {
    items.push({
      href: paths.selfService,
      label: t.navSelfService,
      current: page === 'self-service',
    });
  }
  if (mayUse(user, 'workerRegistry')) {
    items.push({
      href: paths.workerList(),
      label: t.navWorkers,
      current: page === 'worker-list' || page === 'worker',
    });
  }
  if (mayUse(user, 'programmes')) {
    items.push({
      href: paths.programmes(),
      label: t.navProgrammes,
      current: page.startsWith('programme'),
    });
  }
  if (mayUse(user, 'cohorts')) {
    items.push({
      href: paths.cohorts(),
      label: t.cohortNav,
      current: ['cohorts', 'cohort', 'cohort-new', 'sponsors', 'sponsor'].includes(page),
    });
  }
  if (mayUse(user, 'imports')) {
    items.push({
      href: paths.imports(),
      label: t.navImports,
      current: page === 'imports' || page === 'import',
    });
  }
  if (mayUse(user, 'matching')) {
    items.push({ href: paths.matching(), label: t.navMatching, current: page === 'matching' });
  }
  if (mayUse(user, 'enrolment')) {
    items.push({
      href: paths.enrolment(),
      label: t.navEnrolment,
      current: page === 'enrolment' || page === 'enrolment-batch' || page === 'enrolment-response',
    });
  }
  if (mayUse(user, 'bills')) {
    items.push({
      // Those who may run billing start from the runs; payers and their OPDs from their bills.
      href: mayUse(user, 'billingRuns') ? paths.billingRuns() : paths.bills(),
      label: t.billNav,
      current: ['billing-runs', 'bills', 'bill'].includes(page),
    });
  }
  if (mayUse(user, 'payments')) {
    items.push({
      href: paths.payments(),
      label: t.navPayments,
      current: ['payments', 'payment-import', 'payments-unmatched'].includes(page),
    });
  }
  if (mayUse(user, 'arrears')) {
    items.push({ href: paths.arrears(), label: t.navArrears, current: page === 'arrears' });
  }
  if (mayUse(user, 'claims')) {
    items.push({
      href: paths.claims(),
      label: t.navClaims,
      current: ['claims', 'claim-new', 'claim', 'roi'].includes(page),
    });
  }
  if (mayUse(user, 'ownSponsorship')) {
    items.push({
      href: paths.ownSponsorship(),
      label: t.cohortOwnNav,
      current: ['own-sponsorship', 'cohort', 'sponsor'].includes(page),
    });
  }
  if (mayUse(user, 'audit')) {
    items.push({ href: paths.audit(), label: t.navAudit, current: page === 'audit' });
  }
  return items;
}

function Header({ page }: { page: PageName }) {
  const { t, language, setLanguage } = useI18n();
  const navItems = useNavItems(page);
  // On a phone the menu scrolls sideways: bring the current page's entry into view.
  const navList = useRef<HTMLUListElement>(null);
  const current = navItems.find((item) => item.current)?.href;
  useEffect(() => {
    const list = navList.current;
    const item = list?.querySelector('[aria-current="page"]');
    if (!list || !item || current === undefined) return;
    const box = list.getBoundingClientRect();
    const entry = item.getBoundingClientRect();
    if (entry.right > box.right) list.scrollLeft += entry.right - box.right + 16;
    else if (entry.left < box.left) list.scrollLeft -= box.left - entry.left + 16;
  }, [current]);
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
      <AccountBar page={page} />
      <nav className="site-nav" aria-label={t.navLabel}>
        <ul className="site-nav__inner" ref={navList}>
          {navItems.map((item) => (
            <li key={item.href}>
              <Link href={item.href} aria-current={item.current ? 'page' : undefined}>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}

/** Who is signed in, with the way out; or the way in. */
function AccountBar({ page }: { page: PageName }) {
  const { t, language } = useI18n();
  const { session, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (session.status === 'loading' || session.status === 'error') return null;
  if (session.status === 'anonymous' && page === 'sign-in') return null;
  return (
    <section className="account-bar" aria-label={t.accountLabel}>
      <div className="account-bar__inner">
        {session.status === 'signed-in' ? (
          <>
            <p className="account-bar__user" data-testid="signed-in-user">
              <span className="account-bar__name">{session.user.displayName}</span>{' '}
              <span className="account-bar__role">{ROLE_LABELS[session.user.role][language]}</span>
            </p>
            <Link className="account-bar__button" href={paths.password}>
              {t.accountPasswordLink}
            </Link>
            <button
              type="button"
              className="account-bar__button"
              disabled={busy}
              onClick={() => {
                setBusy(true);
                setError(null);
                signOut().then(
                  () => setBusy(false),
                  (failure: unknown) => {
                    setError((failure as Error).message);
                    setBusy(false);
                  },
                );
              }}
            >
              {t.signOut}
            </button>
            {error && (
              <p className="account-bar__error" role="alert">
                {error}
              </p>
            )}
          </>
        ) : (
          <Link className="account-bar__button" href={paths.signIn()}>
            {t.signInButton}
          </Link>
        )}
      </div>
    </section>
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

export function NotFound() {
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
