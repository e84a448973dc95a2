export { createPemdaService } from './pemda-service.ts';
export { opdNameKey } from './pemda-types.ts';
