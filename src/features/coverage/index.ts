export { createCoverageService } from './coverage-service.ts';
