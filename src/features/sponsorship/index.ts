export {
  ensureApbdSponsor,
  ensureIndividualSponsor,
  ensureOrganisationSponsorRecord,
  insertSponsorships,
  isOnePayerViolation,
  type NewSponsorship,
} from './sponsorship-queries.ts';
