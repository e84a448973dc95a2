import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { ROLE_LABELS } from '../../src/core/access.ts';
import { useDocumentTitle } from './hooks.ts';
import { dictionaries, I18nContext, type Language, storedLanguage, storeLanguage, useI18n } from './i18n.ts';
import { ArrearsPage } from './pages/ArrearsPages.tsx';
import { AsnListPage, AsnRecordPage } from './pages/AsnPages.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { BillingRunsPage, BillPage, BillsPage } from './pages/BillingPages.tsx';
import { CalculatorPage } from './pages/CalculatorPage.tsx';
import { ClaimPage, ClaimsPage, NewClaimPage, RoiPage } from './pages/ClaimPages.tsx';
import {
  CohortListPage,
  CohortPage,
  NewCohortPage,
  OwnSponsorshipPage,
  SponsorPage,
  SponsorsPage,
} from './pages/CohortPages.tsx';
import { WorkerCoveragePage } from './pages/CoveragePages.tsx';
import { EnrolmentBatchPage, EnrolmentPage, EnrolmentResponsePage } from './pages/EnrolmentPages.tsx';
import { ImportJobPage, ImportsPage } from './pages/ImportsPages.tsx';
import { MatchingPage } from './pages/MatchingPages.tsx';
import { PasswordPage } from './pages/PasswordPage.tsx';
import { PaymentImportPage, PaymentsPage, UnmatchedPaymentsPage } from './pages/PaymentPages.tsx';
import { CompliancePage, NewPolicyPage, ProgrammeListPage, ProgrammePage } from './pages/ProgrammePages.tsx';
import { RegionsPage } from './pages/RegionsPage.tsx';
import { SelfServicePage } from './pages/SelfServicePages.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { WorkerListPage, WorkerRecordPage } from './pages/WorkerPages.tsx';
import { Link, parseRoute, paths, type Route, usePathname, useSearch } from './router.tsx';
import { mayUse, RequireSignIn, SessionProvider, useSession } from './session.tsx';

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
  const route = parseRoute(pathname);

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
      <SessionProvider>
        <a className="skip-link" href="#main">
          {i18n.t.skipToContent}
        </a>
        <Header route={route} />
        <main id="main" ref={main} tabIndex={-1} className="page">
          <Page route={route} />
        </main>
        <Footer />
      </SessionProvider>
    </I18nContext.Provider>
  );
}

function Page({ route }: { route: Route }): ReactNode {
  const { session } = useSession();
  // A password an administrator reset is replaced before anything else: the API refuses the rest.
  if (session.status === 'signed-in' && session.passwordChangeRequired) return <PasswordPage forced />;
  switch (route.page) {
    case 'calculator':
      return <CalculatorPage />;
    case 'regions':
      return <RegionsPage code={route.code} />;
    case 'sign-in':
      return <SignInPage />;
    case 'password':
      return (
        <RequireSignIn feature="ownAccount">
          <PasswordPage />
        </RequireSignIn>
      );
    case 'asn-list':
      return (
        <RequireSignIn feature="asnRegistry">
          <AsnListPage />
        </RequireSignIn>
      );
    case 'asn':
      return (
        <RequireSignIn feature="asnRecord">
          <AsnRecordPage nip={route.nip} />
        </RequireSignIn>
      );
    case 'worker-list':
      return (
        <RequireSignIn feature="workerRegistry">
          <WorkerListPage />
        </RequireSignIn>
      );
    case 'worker':
      return (
        <RequireSignIn feature="workerRegistry">
          <WorkerRecordPage nik={route.nik} />
        </RequireSignIn>
      );
    case 'imports':
      return (
        <RequireSignIn feature="imports">
          <ImportsPage />
        </RequireSignIn>
      );
    case 'import':
      return (
        <RequireSignIn feature="imports">
          <ImportJobPage id={route.id} />
        </RequireSignIn>
      );
    case 'audit':
      return (
        <RequireSignIn feature="audit">
          <AuditPage />
        </RequireSignIn>
      );
    case 'cohorts':
      return (
        <RequireSignIn feature="cohorts">
          <CohortListPage />
        </RequireSignIn>
      );
    case 'cohort':
      return (
        <RequireSignIn feature="cohortRecord">
          <CohortPage id={route.id} />
        </RequireSignIn>
      );
    case 'cohort-new':
      return (
        <RequireSignIn feature="cohortAdmin">
          <NewCohortPage />
        </RequireSignIn>
      );
    case 'sponsors':
      return (
        <RequireSignIn feature="cohorts">
          <SponsorsPage />
        </RequireSignIn>
      );
    case 'sponsor':
      return (
        <RequireSignIn feature="cohortRecord">
          <SponsorPage id={route.id} />
        </RequireSignIn>
      );
    case 'own-sponsorship':
      return (
        <RequireSignIn feature="ownSponsorship">
          <OwnSponsorshipPage />
        </RequireSignIn>
      );
    case 'self-service':
      return (
        <RequireSignIn feature="ownAsnRecord">
          <SelfServicePage />
        </RequireSignIn>
      );
    case 'matching':
      return (
        <RequireSignIn feature="matching">
          <MatchingPage />
        </RequireSignIn>
      );
    case 'enrolment':
      return (
        <RequireSignIn feature="enrolment">
          <EnrolmentPage />
        </RequireSignIn>
      );
    case 'enrolment-batch':
      return (
        <RequireSignIn feature="enrolment">
          <EnrolmentBatchPage id={route.id} />
        </RequireSignIn>
      );
    case 'enrolment-response':
      return (
        <RequireSignIn feature="enrolment">
          <EnrolmentResponsePage id={route.id} />
        </RequireSignIn>
      );
    case 'billing-runs':
      return (
        <RequireSignIn feature="billingRuns">
          <BillingRunsPage />
        </RequireSignIn>
      );
    case 'bills':
      return (
        <RequireSignIn feature="bills">
          <BillsPage />
        </RequireSignIn>
      );
    case 'bill':
      return (
        <RequireSignIn feature="bills">
          <BillPage id={route.id} />
        </RequireSignIn>
      );
    case 'payments':
      return (
        <RequireSignIn feature="payments">
          <PaymentsPage />
        </RequireSignIn>
      );
    case 'payment-import':
      return (
        <RequireSignIn feature="payments">
          <PaymentImportPage id={route.id} />
        </RequireSignIn>
      );
    case 'payments-unmatched':
      return (
        <RequireSignIn feature="payments">
          <UnmatchedPaymentsPage />
        </RequireSignIn>
      );
    case 'worker-coverage':
      return (
        <RequireSignIn feature="coverage">
          <WorkerCoveragePage nik={route.nik} />
        </RequireSignIn>
      );
    case 'arrears':
      return (
        <RequireSignIn feature="arrears">
          <ArrearsPage />
        </RequireSignIn>
      );
    case 'claims':
      return (
        <RequireSignIn feature="claims">
          <ClaimsPage />
        </RequireSignIn>
      );
    case 'claim-new':
      return (
        <RequireSignIn feature="claimRegister">
          <NewClaimPage />
        </RequireSignIn>
      );
    case 'claim':
      return (
        <RequireSignIn feature="claims">
          <ClaimPage id={route.id} />
        </RequireSignIn>
      );
    case 'roi':
      return (
        <RequireSignIn feature="claims">
          <RoiPage />
        </RequireSignIn>
      );
    case 'programmes':
      return (
        <RequireSignIn feature="programmes">
          <ProgrammeListPage />
        </RequireSignIn>
      );
    case 'programme':
      return (
        <RequireSignIn feature="programmes">
          <ProgrammePage id={route.id} />
        </RequireSignIn>
      );
    case 'programme-policy':
      return (
        <RequireSignIn feature="programmeAdmin">
          <NewPolicyPage id={route.id} />
        </RequireSignIn>
      );
    case 'programme-compliance':
      return (
        <RequireSignIn feature="programmes">
          <CompliancePage id={route.id} />
        </RequireSignIn>
      );
    case 'not-found':
      return <NotFound />;
  }
}

/** The pages of the menu: public ones for everybody, the rest for the roles that can use them. */
function useNavItems(route: Route) {
  const { t } = useI18n();
  const { session } = useSession();
  const user = session.status === 'signed-in' ? session.user : null;
  const items = [
    { href: paths.calculator, label: t.navCalculator, current: route.page === 'calculator' },
    { href: paths.regions(), label: t.navRegions, current: route.page === 'regions' },
  ];
  if (!user) return items;
  if (mayUse(user, 'asnRegistry')) {
    items.push({
      href: paths.asnList(),
      label: t.navAsn,
      current: route.page === 'asn-list' || route.page === 'asn',
    });
  } else if (mayUse(user, 'ownAsnRecord') && user.scope.nip) {
    items.push({ href: paths.asn(user.scope.nip), label: t.navOwnRecord, current: route.page === 'asn' });
  }
  if (mayUse(user, 'ownAsnRecord')) {
    items.push({
      href: paths.selfService,
      label: t.navSelfService,
      current: route.page === 'self-service',
    });
  }
  if (mayUse(user, 'workerRegistry')) {
    items.push({
      href: paths.workerList(),
      label: t.navWorkers,
      current: route.page === 'worker-list' || route.page === 'worker',
    });
  }
  if (mayUse(user, 'programmes')) {
    items.push({
      href: paths.programmes(),
      label: t.navProgrammes,
      current: route.page.startsWith('programme'),
    });
  }
  if (mayUse(user, 'cohorts')) {
    items.push({
      href: paths.cohorts(),
      label: t.cohortNav,
      current: ['cohorts', 'cohort', 'cohort-new', 'sponsors', 'sponsor'].includes(route.page),
    });
  }
  if (mayUse(user, 'imports')) {
    items.push({
      href: paths.imports(),
      label: t.navImports,
      current: route.page === 'imports' || route.page === 'import',
    });
  }
  if (mayUse(user, 'matching')) {
    items.push({ href: paths.matching(), label: t.navMatching, current: route.page === 'matching' });
  }
  if (mayUse(user, 'enrolment')) {
    items.push({
      href: paths.enrolment(),
      label: t.navEnrolment,
      current:
        route.page === 'enrolment' || route.page === 'enrolment-batch' || route.page === 'enrolment-response',
    });
  }
  if (mayUse(user, 'bills')) {
    items.push({
      // Those who may run billing start from the runs; payers and their OPDs from their bills.
      href: mayUse(user, 'billingRuns') ? paths.billingRuns() : paths.bills(),
      label: t.billNav,
      current: ['billing-runs', 'bills', 'bill'].includes(route.page),
    });
  }
  if (mayUse(user, 'payments')) {
    items.push({
      href: paths.payments(),
      label: t.navPayments,
      current: ['payments', 'payment-import', 'payments-unmatched'].includes(route.page),
    });
  }
  if (mayUse(user, 'arrears')) {
    items.push({ href: paths.arrears(), label: t.navArrears, current: route.page === 'arrears' });
  }
  if (mayUse(user, 'claims')) {
    items.push({
      href: paths.claims(),
      label: t.navClaims,
      current: ['claims', 'claim-new', 'claim', 'roi'].includes(route.page),
    });
  }
  if (mayUse(user, 'ownSponsorship')) {
    items.push({
      href: paths.ownSponsorship(),
      label: t.cohortOwnNav,
      current: ['own-sponsorship', 'cohort', 'sponsor'].includes(route.page),
    });
  }
  if (mayUse(user, 'audit')) {
    items.push({ href: paths.audit(), label: t.navAudit, current: route.page === 'audit' });
  }
  return items;
}

function Header({ route }: { route: Route }) {
  const { t, language, setLanguage } = useI18n();
  const navItems = useNavItems(route);
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
      <AccountBar route={route} />
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
function AccountBar({ route }: { route: Route }) {
  const { t, language } = useI18n();
  const { session, signOut } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (session.status === 'loading' || session.status === 'error') return null;
  if (session.status === 'anonymous' && route.page === 'sign-in') return null;
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
