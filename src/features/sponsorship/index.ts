export { transitionSponsorships } from './sponsorship-queries.ts';
