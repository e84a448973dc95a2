export {
  ensureApbdSponsor,
  ensureOrganisation,
  ensureOrganisationSponsor,
  ensureProgramme,
} from './cohort-queries.ts';
