import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { onSessionLost } from './api/client.ts';
import type { Session, SessionUser } from './api/types.ts';
import { useApi } from './hooks.ts';
import { useI18n } from './i18n.ts';
import { navigate, paths, usePathname, useSearch } from './router.tsx';

export type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'error'; message: string }
  | { status: 'signed-in'; user: SessionUser; passwordChangeRequired: boolean };

interface SessionContextValue {
  session: SessionState;
  signIn(username: string, password: string): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  signOut(): Promise<void>;
  retry(): void;
}

const SessionContext = createContext<SessionContextValue>({
  session: { status: 'loading' },
  signIn: async () => {},
  changePassword: async () => {},
  signOut: async () => {},
  retry: () => {},
});

export function useSession(): SessionContextValue {
  return useContext(SessionContext);
}

/** The signed-in user, for pages rendered inside `RequireSignIn`. */
export function useUser(): SessionUser {
  const { session } = useSession();
  if (session.status !== 'signed-in') throw new Error('useUser outside a signed-in page');
  return session.user;
}

function signedIn({ user, passwordChangeRequired }: Session): SessionState {
  return { status: 'signed-in', user, passwordChangeRequired };
}

/** Asks the server once who is signed in (the cookie is httpOnly: only the server can tell). */
export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [session, setSession] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  // The session is the same in either language: asked once, not again on a language switch.
  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt is the retry trigger
  useEffect(() => {
    const controller = new AbortController();
    api.session(controller.signal).then(
      (found) => setSession(found ? signedIn(found) : { status: 'anonymous' }),
      (error: unknown) => {
        if (!controller.signal.aborted) setSession({ status: 'error', message: (error as Error).message });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  useEffect(() => onSessionLost(() => setSession({ status: 'anonymous' })), []);

  const signIn = useCallback(
    async (username: string, password: string) => {
      setSession(signedIn(await api.login(username, password)));
    },
    [api],
  );

  const changePassword = useCallback(
    async (currentPassword: string, newPassword: string) => {
      setSession(signedIn(await api.changePassword(currentPassword, newPassword)));
    },
    [api],
  );

  // A failed sign-out keeps the session shown: the cookie may still be valid on the server.
  const signOut = useCallback(async () => {
    await api.logout();
    setSession({ status: 'anonymous' });
    navigate(paths.signIn());
  }, [api]);

  const value = useMemo(
    () => ({ session, signIn, changePassword, signOut, retry: () => setAttempt((n) => n + 1) }),
    [session, signIn, changePassword, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** What each role may open; the server decides what it may read, this only keeps menus honest. */
export const FEATURES = {
  asnRegistry: ['national', 'province', 'pemda_admin', 'opd_head', 'bpjstk_officer'],
  ownAsnRecord: ['asn'],
  asnRecord: ['national', 'province', 'pemda_admin', 'opd_head', 'bpjstk_officer', 'asn'],
  workerRegistry: ['national', 'province', 'pemda_admin', 'bpjstk_officer'],
  imports: ['pemda_admin'],
  audit: ['pemda_admin', 'national'],
  payments: ['pemda_admin', 'bpjstk_officer'],
  billingRuns: ['national', 'province', 'pemda_admin', 'bpjstk_officer'],
  bills: ['national', 'province', 'pemda_admin', 'bpjstk_officer', 'opd_head', 'sponsor_org'],
  matching: ['pemda_admin'],
  enrolment: ['pemda_admin', 'bpjstk_officer'],
  cohorts: ['national', 'province', 'pemda_admin', 'bpjstk_officer'],
  cohortAdmin: ['pemda_admin'],
  /** A sponsor organisation opens its own programmes and sponsor records; the API says which. */
  cohortRecord: ['national', 'province', 'pemda_admin', 'bpjstk_officer', 'sponsor_org'],
  ownSponsorship: ['sponsor_org'],
  programmes: ['national', 'province', 'pemda_admin', 'opd_head', 'bpjstk_officer'],
  programmeAdmin: ['pemda_admin'],
  /** A worker's coverage: whoever the API lets read the worker (an ASN their own workers'). */
  coverage: ['national', 'province', 'pemda_admin', 'bpjstk_officer', 'asn', 'sponsor_org'],
  arrears: ['national', 'province', 'pemda_admin', 'opd_head', 'bpjstk_officer', 'sponsor_org'],
  claims: ['national', 'province', 'pemda_admin', 'bpjstk_officer'],
  claimRegister: ['pemda_admin', 'bpjstk_officer'],
  ownAccount: ['national', 'province', 'pemda_admin', 'opd_head', 'asn', 'bpjstk_officer', 'sponsor_org'],
} as const satisfies Record<string, readonly SessionUser['role'][]>;

export type Feature = keyof typeof FEATURES;

export function mayUse(user: SessionUser, feature: Feature): boolean {
  return (FEATURES[feature] as readonly string[]).includes(user.role);
}

/**
 * A page for signed-in users with the given feature: anyone else is sent to sign in and comes
 * back here afterwards; a signed-in user without the feature reads why not.
 */
export function RequireSignIn({ feature, children }: { feature: Feature; children: ReactNode }) {
  const { t } = useI18n();
  const { session, retry } = useSession();
  const pathname = usePathname();
  const search = useSearch();
  const anonymous = session.status === 'anonymous';

  useEffect(() => {
    if (anonymous) navigate(paths.signIn(pathname + search), { replace: true });
  }, [anonymous, pathname, search]);

  if (session.status === 'error') {
    return (
      <div className="alert alert--error" role="alert">
        <p>{session.message}</p>
        <button type="button" className="button button--secondary" onClick={retry}>
          {t.retry}
        </button>
      </div>
    );
  }
  if (session.status !== 'signed-in') {
    return (
      <p className="muted" role="status">
        {t.loading}
      </p>
    );
  }
  if (!mayUse(session.user, feature)) {
    return (
      <div className="alert alert--error" role="alert">
        <p>{t.notAllowed}</p>
      </div>
    );
  }
  return children;
}
