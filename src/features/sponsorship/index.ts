export {
  ensureAsnSponsors,
  insertSponsorshipHistories,
  type SponsorshipHistory,
} from './sponsorship-queries.ts';
