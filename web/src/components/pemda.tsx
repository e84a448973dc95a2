import { useId } from 'react';
import type { PemdaSummary } from '../api/types.ts';
import { useApi } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { navigate, useSearch } from '../router.tsx';
import { useUser } from '../session.tsx';
import { type Load, useLoad } from './load.tsx';

/** The Pemda the signed-in user may see, from the API (which applies their scope). */
export function usePemdaList(): Load<PemdaSummary[]> {
  const api = useApi();
  const { language } = useI18n();
  return useLoad(language, async (signal) => (await api.pemdaList(signal)).items);
}

/** A Pemda's time zone, for the times shown: WIB until the list has loaded. */
export function zoneOf(
  list: readonly PemdaSummary[] | null,
  code: string | undefined,
): PemdaSummary['timeZone'] {
  return list?.find((pemda) => pemda.code === code)?.timeZone ?? 'WIB';
}

/**
 * The Pemda a page works on: an administrator's own; for a BPJSTK officer the one in the query
 * string, else the first their branch serves. With the list, for the picker and the time zones.
 */
export function useWorkingPemda() {
  const user = useUser();
  const params = new URLSearchParams(useSearch());
  const list = usePemdaList();
  const fixed = user.scope.pemdaCode !== undefined;
  const code = user.scope.pemdaCode ?? params.get('pemda') ?? user.scope.pemdaCodes?.[0] ?? '';
  return { code, fixed, list, zone: zoneOf(list.data, code) };
}

/**
 * A choice of Pemda for users who see several (national and province monitors, BPJSTK officers).
 * Changing it opens the same page for the chosen Pemda, from its first page.
 */
export function PemdaPicker({
  list,
  value,
  hrefFor,
  allowAll,
}: {
  list: PemdaSummary[];
  value: string | undefined;
  hrefFor: (code: string | undefined) => string;
  allowAll: boolean;
}) {
  const { t } = useI18n();
  const id = useId();
  if (list.length < 2 && (value === undefined || list[0]?.code === value)) return null;
  return (
    <div className="field pemda-picker">
      <label htmlFor={id}>{t.pemdaLabel}</label>
      <select
        id={id}
        value={value ?? ''}
        onChange={(event) => navigate(hrefFor(event.target.value || undefined))}
      >
        {allowAll && <option value="">{t.allPemda}</option>}
        {list.map((pemda) => (
          <option key={pemda.code} value={pemda.code}>
            {pemda.name} ({pemda.code})
          </option>
        ))}
      </select>
    </div>
  );
}
