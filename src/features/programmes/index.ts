export { computeCompliance } from './compliance.ts';
export { programmeNotFound, programmeTermsOn } from './programme-queries.ts';
export { todayInPemda } from './programme-service.ts';
