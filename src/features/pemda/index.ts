export { findPemda } from './pemda-queries.ts';
