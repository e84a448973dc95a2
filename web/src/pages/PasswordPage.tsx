import { type FormEvent, useId, useState } from 'react';
import { ErrorAlert } from '../components/load.tsx';
import { PageHead } from '../components/page-head.tsx';
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
      <PageHead title={t.passwordTitle} intro={forced ? t.passwordForcedIntro : t.passwordIntro} />
      {done && (
        <p className="notice notice--info" role="status">
          {t.passwordChanged}
        </p>
      )}
      <form className="card sign-in__form" onSubmit={submit} noValidate aria-label={t.passwordTitle}>
        {error && <ErrorAlert message={error} id={errorId} />}
        <PasswordField
          label={t.passwordCurrent}
          autoComplete="current-password"
          value={current}
          onChange={setCurrent}
          describedBy={described}
        />
        <PasswordField
          label={t.passwordNew}
          autoComplete="new-password"
          minLength={10}
          value={next}
          onChange={setNext}
          describedBy={described}
        />
        <PasswordField
          label={t.passwordRepeat}
          autoComplete="new-password"
          value={repeat}
          onChange={setRepeat}
          describedBy={described}
        />
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

function PasswordField({
  label,
  autoComplete,
  minLength,
  value,
  onChange,
  describedBy,
}: {
  label: string;
  autoComplete: 'current-password' | 'new-password';
  minLength?: number;
  value: string;
  onChange: (value: string) => void;
  describedBy: string | undefined;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="password"
        autoComplete={autoComplete}
        minLength={minLength}
        required
        value={value}
        aria-describedby={describedBy}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
