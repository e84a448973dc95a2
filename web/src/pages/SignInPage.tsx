import { type FormEvent, useEffect, useId, useState } from 'react';
import type { SessionUser } from '../api/types.ts';
import { ErrorAlert } from '../components/load.tsx';
import { PageHead } from '../components/page-head.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { navigate, paths, useSearch } from '../router.tsx';
import { mayUse, useSession } from '../session.tsx';

/** Where a user lands after signing in when no page sent them here: their main registry. */
export function homeOf(user: SessionUser): string {
  if (mayUse(user, 'asnRegistry')) return paths.asnList();
  if (mayUse(user, 'ownAsnRecord') && user.scope.nip) return paths.asn(user.scope.nip);
  return paths.calculator;
}

/** Only a path inside Asuh: `//evil.example` or a full URL would send a fresh session elsewhere. */
function safeReturn(value: string | null): string | null {
  return value?.startsWith('/') && !value.startsWith('//') && !value.startsWith('/masuk') ? value : null;
}

export function SignInPage() {
  const { t } = useI18n();
  const { session, signIn } = useSession();
  useDocumentTitle(t.signInTitle);
  const back = safeReturn(new URLSearchParams(useSearch()).get('kembali'));
  const usernameId = useId();
  const passwordId = useId();
  const errorId = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const signedIn = session.status === 'signed-in' ? session.user : null;
  useEffect(() => {
    if (signedIn) navigate(back ?? homeOf(signedIn), { replace: true });
  }, [signedIn, back]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (failure) {
      setError((failure as Error).message);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="sign-in">
      <PageHead title={t.signInTitle} intro={back ? t.signInNeeded : t.signInIntro} />
      <form className="card sign-in__form" onSubmit={submit} noValidate aria-label={t.signInTitle}>
        {error && <ErrorAlert message={error} id={errorId} />}
        <div className="field">
          <label htmlFor={usernameId}>{t.usernameLabel}</label>
          <input
            id={usernameId}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => setUsername(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={passwordId}>{t.passwordLabel}</label>
          <input
            id={passwordId}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            aria-describedby={error ? errorId : undefined}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || username.trim() === '' || password === ''}
          >
            {busy ? t.signingIn : t.signInButton}
          </button>
        </div>
      </form>
    </div>
  );
}
