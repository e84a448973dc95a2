export {
  ensureApbdSponsor,
  ensureIndividualSponsor,
  ensureOrganisationSponsorRecord,
  insertSponsorships,
  isOnePayerViolation,
  type NewSponsorship,
  transitionSponsorships,
} from './sponsorship-queries.ts';
