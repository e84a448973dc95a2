export { readOfficialRegions } from './regions-loader.ts';
export { regionNotFound } from './regions-service.ts';
