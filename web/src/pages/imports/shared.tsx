import { usePemdaList, zoneOf } from '../../components/pemda.tsx';
import { useUser } from '../../session.tsx';

/** The Pemda whose registry the signed-in admin keeps, with its time zone for the clock shown. */
export function useOwnPemda() {
  const user = useUser();
  const list = usePemdaList();
  const code = user.scope.pemdaCode ?? '';
  return { code, zone: zoneOf(list.data, code) };
}
