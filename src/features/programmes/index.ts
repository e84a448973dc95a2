export { computeCompliance } from './compliance.ts';
export { todayInPemda } from './pemda-clock.ts';
export {
  adoptProgrammeSponsor,
  insertPolicyVersion,
  insertProgramme,
  lockProgramme,
  type ProgrammeInsert,
  programmeNotFound,
  programmeTermsOn,
  setTargetWorkers,
} from './programme-repository.ts';
export { programmeRoutes } from './programme-routes.ts';
export { createProgrammeService, type ProgrammeDeps, type ProgrammeService } from './programme-service.ts';
export {
  type ComplianceReport,
  complianceQuerySchema,
  newProgrammeSchema,
  type ProgrammeDetail,
  type ProgrammeSummary,
} from './programme-types.ts';
