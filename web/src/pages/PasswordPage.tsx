import { type FormEvent, useId, useState } from 'react';
import { ErrorAlert } from '../components.tsx';
import { useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { useSession } from '../session.tsx';

/**
 * Changing the signed-in user's password; `forced` when an administrator reset it, in which case
 * this is the only page the user sees until it is done.
 */
export function PasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useI18n();
  const { changePassword } = useSession();
  useDocumentTitle(t.passwordTitle);
  const currentId = useId();
  const newId = useId();
  const repeatId = useId();
  const errorId = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    if (next !== repeat) {
      setError(t.passwordMismatch);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const described = error ? errorId : undefined;
  return (
    <div className="sign-in">
      <div className="page-head">
        <h1>{t.passwordTitle}</h1>
        <p className="lead">{forced ? t.passwordForcedIntro : t.passwordIntro}</p>
      </div>
      {done && (
        <p className="notice notice--info" role="status">
          {t.passwordChanged}
        </p>
      )}
      <form className="card sign-in__form" onSubmit={submit} noValidate aria-label={t.passwordTitle}>
        {error && <ErrorAlert message={error} id={errorId} />}
        <div className="field">
          <label htmlFor={currentId}>{t.passwordCurrent}</label>
          <input
            id={currentId}
            type="password"
            autoComplete="current-password"
            required
            value={current}
            aria-describedby={described}
            onChange={(event) => setCurrent(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={newId}>{t.passwordNew}</label>
          <input
            id={newId}
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            value={next}
            aria-describedby={described}
            onChange={(event) => setNext(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={repeatId}>{t.passwordRepeat}</label>
          <input
            id={repeatId}
            type="password"
            autoComplete="new-password"
            required
            value={repeat}
            aria-describedby={described}
            onChange={(event) => setRepeat(event.target.value)}
          />
        </div>
        <div className="form-actions">
          <button
            type="submit"
            className="button button--primary"
            disabled={busy || current === '' || next === '' || repeat === ''}
          >
            {busy ? t.passwordSaving : t.passwordSave}
          </button>
        </div>
      </form>
    </div>
  );
}
