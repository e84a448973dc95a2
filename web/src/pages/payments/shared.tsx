import { useWorkingPemda } from '../../components/pemda.tsx';

/**
 * The Pemda whose payments the page shows: an administrator's own; for a BPJSTK officer the one
 * in the query string, else the first their branch serves. With its zone, for times.
 */
export function usePaymentPemda() {
  const pemda = useWorkingPemda();
  /** Links keep an officer's choice of Pemda; an administrator's needs none. */
  const query = (extra: Record<string, string | number | undefined> = {}) => ({
    ...(pemda.fixed ? {} : { pemda: pemda.code }),
    ...extra,
  });
  return { ...pemda, query };
}
