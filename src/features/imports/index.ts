export { pemdaVillageCodes } from './import-queries.ts';
