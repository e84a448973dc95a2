import { type IsoDate, todayInWib } from '../../core/calendar.ts';
import { TIME_ZONES, zoneOfPemda } from '../../core/regions.ts';

const HOUR_MS = 3_600_000;

/** Today as the Pemda's clock shows it: compliance "today" turns at its midnight, not Jakarta's. */
export function todayInPemda(pemdaCode: string, now: Date): IsoDate {
  const zone = TIME_ZONES[zoneOfPemda(pemdaCode)];
  return todayInWib(
    new Date(now.getTime() + (zone.utcOffsetHours - TIME_ZONES.WIB.utcOffsetHours) * HOUR_MS),
  );
}
