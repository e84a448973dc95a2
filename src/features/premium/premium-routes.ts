import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// Placeholder until the contribution engine lands (being written now).
export const premiumRoutes: FastifyPluginAsyncZod = async () => {};
