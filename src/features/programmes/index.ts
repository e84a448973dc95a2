export { insertPolicyVersion, insertProgramme } from './programme-queries.ts';
