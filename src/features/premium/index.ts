export { premiumRoutes } from './premium-routes.ts';
export { quotePremium } from './premium-service.ts';
