import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { buildServices } from '../composition.ts';
import { loadConfig } from '../config.ts';
import type { Actor } from '../core/access.ts';
import type { Database } from '../db/database.ts';
import { arrearsRoutes } from '../features/arrears/index.ts';
import { auditRoutes } from '../features/audit/index.ts';
import { authPlugin, authRoutes } from '../features/auth/index.ts';
import { billingRoutes } from '../features/billing/index.ts';
import { claimRoutes } from '../features/claims/index.ts';
import { cohortRoutes, sponsorRoutes } from '../features/cohorts/index.ts';
import { coverageRoutes } from '../features/coverage/index.ts';
import { enrolmentRoutes } from '../features/enrolment/index.ts';
import { importRoutes } from '../features/imports/index.ts';
import { matchingRoutes } from '../features/matching/index.ts';
import { paymentRoutes } from '../features/payments/index.ts';
import { pemdaRoutes } from '../features/pemda/index.ts';
import { premiumRoutes } from '../features/premium/index.ts';
import { programmeRoutes } from '../features/programmes/index.ts';
import { regionsRoutes } from '../features/regions/index.ts';
import { registryRoutes } from '../features/registry/index.ts';
import { sponsorshipRoutes } from '../features/sponsorship/index.ts';
import { transferRoutes } from '../features/transfers/index.ts';
import { type UploadSettings, uploadSettings } from '../platform/files/upload.ts';
import { handleError, handleNotFound } from './errors.ts';
import { healthRoutes } from './health.ts';
import { guardInput } from './input-guard.ts';
import { redactingLogger } from './logging.ts';
import { recordRouteAccess } from './route-access.ts';
import { allowInlineStyles, noStoreApiResponses, registerSecurityHeaders } from './security-headers.ts';

/** Where `npm run build:web` puts the browser app. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface AppOptions {
  db: Database;
  logger?: FastifyServerOptions['logger'];
  /** The built browser app; tests of the API alone leave it out. */
  webDir?: string | null;
  /**
   * Tests of scoped reads name the caller directly instead of signing in; it runs after the
   * session plugin and replaces what it found.
   */
  actorOverride?: (request: FastifyRequest) => Actor | null;
  /** See `Config.trustProxy`: the number of proxies in front (true believes every X-Forwarded-For hop). */
  trustProxy?: boolean | number;
  /** Where uploads wait and how large they may be; from the configuration when left out. */
  imports?: UploadSettings;
}

/** The HTTP assembly: the services of the composition root (src/composition.ts), each handed to its routes. */
export async function buildApp({
  db,
  logger = false,
  webDir = WEB_DIST,
  actorOverride,
  imports = uploadSettings(loadConfig()),
  trustProxy = 0,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: redactingLogger(logger),
    // A count of proxies trusts the socket's peer and the hops the proxies appended, from the right:
    // the address the nearest proxy saw is the client's, whatever the client put in front of it.
    trustProxy:
      typeof trustProxy === 'number'
        ? trustProxy > 0 && ((_address: string, hop: number) => hop < trustProxy)
        : trustProxy,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.addHook('onRoute', recordRouteAccess(app));
  app.addHook('preValidation', guardInput);
  // `request.actor` is declared in ./actor.ts; the session plugin (src/features/auth) fills it in.
  app.decorateRequest('actor', null);
  if (actorOverride) {
    app.addHook('preHandler', async (request) => {
      request.actor = actorOverride(request);
    });
  }

  await registerSecurityHeaders(app);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Asuh API',
        version: '1',
        description:
          'Sponsored BPJS Ketenagakerjaan contributions for regional governments. Errors are `{ "error": { "code", "message" } }`, in Bahasa Indonesia or English by `Accept-Language`.',
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', transformStaticCSP: allowInlineStyles });

  const services = buildServices(db, { uploads: imports, log: app.log });
  const { auth } = services;
  await app.register(authPlugin, { auth });

  await app.register(
    async (api) => {
      noStoreApiResponses(api);
      api.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
      await api.register(regionsRoutes, { regions: services.regions });
      await api.register(authRoutes, { auth });
      await api.register(auditRoutes, { audit: services.audit });
      await api.register(pemdaRoutes, { pemda: services.pemda });
      await api.register(registryRoutes, { registry: services.registry });
      await api.register(sponsorshipRoutes, { sponsorships: services.sponsorships });
      await api.register(transferRoutes, { transfers: services.transfers });
      await api.register(importRoutes, { imports: services.imports });
      await api.register(cohortRoutes, { cohorts: services.cohorts, uploads: imports });
      await api.register(sponsorRoutes, { cohorts: services.cohorts });
      await api.register(enrolmentRoutes, { enrolment: services.enrolment, uploads: imports });
      await api.register(premiumRoutes);
      await api.register(paymentRoutes, { payments: services.payments, uploads: imports });
      await api.register(matchingRoutes, { matching: services.matching });
      await api.register(programmeRoutes, { programmes: services.programmes });
      await api.register(billingRoutes, { billing: services.billing });
      await api.register(coverageRoutes, { coverage: services.coverage });
      await api.register(arrearsRoutes, { arrears: services.arrears });
      await api.register(claimRoutes, { claims: services.claims });
    },
    { prefix: '/api/v1' },
  );
  await app.register(healthRoutes, { db });

  if (webDir && existsSync(webDir)) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false });
    // The browser app routes on the client: any other page path gets its shell.
    app.setNotFoundHandler((request, reply) => {
      const wantsPage =
        request.method === 'GET' &&
        !request.url.startsWith('/api/') &&
        request.headers.accept?.includes('text/html');
      return wantsPage ? reply.sendFile('index.html') : handleNotFound(request, reply);
    });
  } else {
    app.setNotFoundHandler(handleNotFound);
  }
  return app;
}
