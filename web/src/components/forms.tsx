import { useMutation } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useI18n } from '../i18n.ts';

/** A few large radio buttons, each with a line saying what choosing it means. */
export function ChoiceCards<V extends string>({
  legend,
  name,
  choices,
  value,
  onChange,
}: {
  legend: string;
  name: string;
  choices: readonly { value: V; label: ReactNode; hint: ReactNode }[];
  value: V;
  onChange: (value: V) => void;
}) {
  return (
    <fieldset className="fieldset">
      <legend>{legend}</legend>
      <div className="choice-cards">
        {choices.map((choice) => (
          <label key={choice.value} className="choice-card">
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
            />
            <span>
              <span className="choice-card__label">{choice.label}</span>
              <span className="choice-card__hint">{choice.hint}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** A form that submits once at a time: busy while its work runs, then the error if it failed. */
export function useSubmit() {
  const [error, setError] = useState<string | null>(null);
  const mutation = useMutation({ mutationFn: (work: () => Promise<void>) => work() });
  async function run(work: () => Promise<void>) {
    setError(null);
    try {
      await mutation.mutateAsync(work);
    } catch (failure) {
      setError((failure as Error).message);
    }
  }
  return { busy: mutation.isPending, error, setError, run };
}

/** A spreadsheet upload: the chosen file, and a submit that asks for one before sending it. */
export function useUpload(send: (file: File) => Promise<void>) {
  const { t } = useI18n();
  const submission = useSubmit();
  const [file, setFile] = useState<File | null>(null);
  function choose(next: File | null) {
    setFile(next);
    submission.setError(null);
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    if (!file) return submission.setError(t.chooseFileFirst);
    void submission.run(() => send(file));
  }
  return { busy: submission.busy, error: submission.error, choose, submit };
}

/** The file types the import readers stream. */
const SPREADSHEET_TYPES =
  '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A CSV or XLSX file to upload, with a line saying what it must hold. */
export function SpreadsheetField({
  label,
  hint,
  onChange,
}: {
  label: string;
  hint: string;
  onChange: (file: File | null) => void;
}) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <span className="hint" id={hintId}>
        {hint}
      </span>
      <input
        id={id}
        name="file"
        type="file"
        accept={SPREADSHEET_TYPES}
        aria-describedby={hintId}
        onChange={(event) => onChange(event.target.files?.[0] ?? null)}
      />
    </div>
  );
}

/** A file offered in both formats, CSV first as the primary button. */
export function DownloadLinks({
  urls,
  csvLabel,
  xlsxLabel,
  children,
}: {
  urls: { csv: string; xlsx: string };
  csvLabel?: ReactNode;
  xlsxLabel?: ReactNode;
  /** Shown before the links, in the same row. */
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="button-row">
      {children}
      <a className="button" href={urls.csv} download>
        {csvLabel ?? t.downloadCsv}
      </a>
      <a className="button button--secondary" href={urls.xlsx} download>
        {xlsxLabel ?? t.downloadXlsx}
      </a>
    </div>
  );
}

/** The rows an import refused or warned about, as a file to correct and upload again. */
export function ErrorFileLinks({ text, urls }: { text: string; urls: { csv: string; xlsx: string } }) {
  return (
    <div className="import-errors">
      <p>{text}</p>
      <DownloadLinks urls={urls} />
    </div>
  );
}
