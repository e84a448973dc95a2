import { type InputHTMLAttributes, useId } from 'react';

export const TYPES = ['jkm', 'jkk'] as const;

/**
 * A labelled input that hands back its text, with a hint under the label if given. Not the shared
 * TextFilter: these fields may be required and patterned, and keep the browser's autocompletion.
 */
export function Field({
  label,
  hint,
  onChange,
  ...input
}: {
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
} & Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'type' | 'name' | 'inputMode' | 'autoComplete' | 'required' | 'pattern'
>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && <span className="hint">{hint}</span>}
      <input id={id} {...input} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}
