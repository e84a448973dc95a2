import type { ReactNode } from 'react';
import { createBrowserRouter, type RouteObject, useParams } from 'react-router';
import { App, NotFound } from './App.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { ArrearsPage } from './pages/arrears/ArrearsPage.tsx';
import { AsnListPage } from './pages/asn/AsnListPage.tsx';
import { AsnRecordPage } from './pages/asn/AsnRecordPage.tsx';
import { BillingRunsPage } from './pages/billing/BillingRunsPage.tsx';
import { BillPage } from './pages/billing/BillPage.tsx';
import { BillsPage } from './pages/billing/BillsPage.tsx';
import { CalculatorPage } from './pages/calculator/CalculatorPage.tsx';
import { ClaimPage } from './pages/claims/ClaimPage.tsx';
import { ClaimsPage } from './pages/claims/ClaimsPage.tsx';
import { NewClaimPage } from './pages/claims/NewClaimPage.tsx';
import { RoiPage } from './pages/claims/RoiPage.tsx';
import { CohortListPage } from './pages/cohorts/CohortListPage.tsx';
import { CohortPage } from './pages/cohorts/CohortPage.tsx';
import { NewCohortPage } from './pages/cohorts/NewCohortPage.tsx';
import { OwnSponsorshipPage } from './pages/cohorts/OwnSponsorshipPage.tsx';
import { SponsorPage } from './pages/cohorts/SponsorPage.tsx';
import { SponsorsPage } from './pages/cohorts/SponsorsPage.tsx';
import { WorkerCoveragePage } from './pages/coverage/WorkerCoveragePage.tsx';
import { EnrolmentBatchPage } from './pages/enrolment/EnrolmentBatchPage.tsx';
import { EnrolmentPage } from './pages/enrolment/EnrolmentPage.tsx';
import { EnrolmentResponsePage } from './pages/enrolment/EnrolmentResponsePage.tsx';
import { ImportJobPage } from './pages/imports/ImportJobPage.tsx';
import { ImportsPage } from './pages/imports/ImportsPage.tsx';
import { MatchingPage } from './pages/matching/MatchingPage.tsx';
import { PasswordPage } from './pages/PasswordPage.tsx';
import { PaymentImportPage } from './pages/payments/PaymentImportPage.tsx';
import { PaymentsPage } from './pages/payments/PaymentsPage.tsx';
import { UnmatchedPaymentsPage } from './pages/payments/UnmatchedPaymentsPage.tsx';
import { CompliancePage } from './pages/programmes/CompliancePage.tsx';
import { NewPolicyPage } from './pages/programmes/NewPolicyPage.tsx';
import { ProgrammeListPage } from './pages/programmes/ProgrammeListPage.tsx';
import { ProgrammePage } from './pages/programmes/ProgrammePage.tsx';
import { RegionsPage } from './pages/RegionsPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { SelfServicePage } from './pages/self-service/SelfServicePage.tsx';
import { WorkerListPage } from './pages/workers/WorkerListPage.tsx';
import { WorkerRecordPage } from './pages/workers/WorkerRecordPage.tsx';
import { bindNavigation, type PageName } from './router.tsx';
import { type Feature, RequireSignIn } from './session.tsx';

/** The page's one URL parameter, `:value`, as the page's prop. */
function WithParam({ render }: { render: (value: string) => ReactNode }) {
  return render(useParams().value!);
}

interface PageRoute {
  id: PageName;
  path: string;
  /** Pages for signed-in users name the feature they need; the rest are public. */
  feature?: Feature;
  page: ReactNode | ((value: string) => ReactNode);
}

/**
 * Every page's URL. The server answers any page path with the app's shell, so each is a real,
 * bookmarkable URL; filters and a list's page live in the query string.
 */
const PAGES: PageRoute[] = [
  { id: 'calculator', path: '/', page: <CalculatorPage /> },
  { id: 'regions', path: '/wilayah', page: <RegionsPage code={null} /> },
  { id: 'regions', path: '/wilayah/:value', page: (code) => <RegionsPage code={code} /> },
  { id: 'sign-in', path: '/masuk', page: <SignInPage /> },
  { id: 'password', path: '/kata-sandi', feature: 'ownAccount', page: <PasswordPage /> },
  { id: 'asn-list', path: '/asn', feature: 'asnRegistry', page: <AsnListPage /> },
  { id: 'asn', path: '/asn/:value', feature: 'asnRecord', page: (nip) => <AsnRecordPage nip={nip} /> },
  { id: 'worker-list', path: '/pekerja', feature: 'workerRegistry', page: <WorkerListPage /> },
  {
    id: 'worker',
    path: '/pekerja/:value',
    feature: 'workerRegistry',
    page: (nik) => <WorkerRecordPage nik={nik} />,
  },
  {
    id: 'worker-coverage',
    path: '/pekerja/:value/perlindungan',
    feature: 'coverage',
    page: (nik) => <WorkerCoveragePage nik={nik} />,
  },
  { id: 'imports', path: '/impor', feature: 'imports', page: <ImportsPage /> },
  { id: 'import', path: '/impor/:value', feature: 'imports', page: (id) => <ImportJobPage id={id} /> },
  { id: 'audit', path: '/audit', feature: 'audit', page: <AuditPage /> },
  { id: 'cohorts', path: '/kohort', feature: 'cohorts', page: <CohortListPage /> },
  { id: 'cohort-new', path: '/kohort/baru', feature: 'cohortAdmin', page: <NewCohortPage /> },
  { id: 'cohort', path: '/kohort/:value', feature: 'cohortRecord', page: (id) => <CohortPage id={id} /> },
  { id: 'sponsors', path: '/sponsor', feature: 'cohorts', page: <SponsorsPage /> },
  { id: 'sponsor', path: '/sponsor/:value', feature: 'cohortRecord', page: (id) => <SponsorPage id={id} /> },
  { id: 'own-sponsorship', path: '/tanggungan', feature: 'ownSponsorship', page: <OwnSponsorshipPage /> },
  { id: 'self-service', path: '/saya', feature: 'ownAsnRecord', page: <SelfServicePage /> },
  { id: 'matching', path: '/pencocokan', feature: 'matching', page: <MatchingPage /> },
  { id: 'enrolment', path: '/pendaftaran', feature: 'enrolment', page: <EnrolmentPage /> },
  {
    id: 'enrolment-batch',
    path: '/pendaftaran/batch/:value',
    feature: 'enrolment',
    page: (id) => <EnrolmentBatchPage id={id} />,
  },
  {
    id: 'enrolment-response',
    path: '/pendaftaran/tanggapan/:value',
    feature: 'enrolment',
    page: (id) => <EnrolmentResponsePage id={id} />,
  },
  { id: 'billing-runs', path: '/penagihan', feature: 'billingRuns', page: <BillingRunsPage /> },
  { id: 'bills', path: '/penagihan/tagihan', feature: 'bills', page: <BillsPage /> },
  { id: 'bill', path: '/penagihan/tagihan/:value', feature: 'bills', page: (id) => <BillPage id={id} /> },
  { id: 'payments', path: '/pembayaran', feature: 'payments', page: <PaymentsPage /> },
  {
    id: 'payment-import',
    path: '/pembayaran/impor/:value',
    feature: 'payments',
    page: (id) => <PaymentImportPage id={id} />,
  },
  {
    id: 'payments-unmatched',
    path: '/pembayaran/belum-cocok',
    feature: 'payments',
    page: <UnmatchedPaymentsPage />,
  },
  { id: 'arrears', path: '/tunggakan', feature: 'arrears', page: <ArrearsPage /> },
  { id: 'claims', path: '/klaim', feature: 'claims', page: <ClaimsPage /> },
  { id: 'claim-new', path: '/klaim/baru', feature: 'claimRegister', page: <NewClaimPage /> },
  { id: 'claim', path: '/klaim/:value', feature: 'claims', page: (id) => <ClaimPage id={id} /> },
  { id: 'roi', path: '/manfaat', feature: 'claims', page: <RoiPage /> },
  { id: 'programmes', path: '/program', feature: 'programmes', page: <ProgrammeListPage /> },
  {
    id: 'programme',
    path: '/program/:value',
    feature: 'programmes',
    page: (id) => <ProgrammePage id={id} />,
  },
  {
    id: 'programme-policy',
    path: '/program/:value/kebijakan-baru',
    feature: 'programmeAdmin',
    page: (id) => <NewPolicyPage id={id} />,
  },
  {
    id: 'programme-compliance',
    path: '/program/:value/kepatuhan',
    feature: 'programmes',
    page: (id) => <CompliancePage id={id} />,
  },
];

function routeOf({ id, path, feature, page }: PageRoute): RouteObject {
  const content = typeof page === 'function' ? <WithParam render={page} /> : page;
  return {
    // The id names the page for the menu; two URLs of one page (the region tree) need two ids.
    id: `${id} ${path}`,
    handle: id,
    path,
    caseSensitive: true,
    element: feature ? <RequireSignIn feature={feature}>{content}</RequireSignIn> : content,
  };
}

export function createRouter() {
  const router = createBrowserRouter([
    {
      element: <App />,
      children: [
        ...PAGES.map(routeOf),
        { id: 'not-found', handle: 'not-found' satisfies PageName, path: '*', element: <NotFound /> },
      ],
    },
  ]);
  bindNavigation(router);
  return router;
}
