export { listPemda } from './pemda-queries.ts';
