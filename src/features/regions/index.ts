export { currentRegencyAndDistrictCodes, pemdaVillageCodes } from './regions-queries.ts';
