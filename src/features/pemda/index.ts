export { findPemda, listPemda } from './pemda-queries.ts';
