export { coveringSponsorships, nextUnbilledMonth, transitionSponsorships } from './sponsorship-queries.ts';
