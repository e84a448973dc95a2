export { recordBranchReports } from './registry-queries.ts';
