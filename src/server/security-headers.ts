import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** A year, the value HSTS preload lists ask for. */
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * The browser app and the API docs are built files served from this origin, with no inline script
 * or style (React sets `style` props through the DOM, which CSP does not govern), so the policy is
 * this origin only. `data:` images are the app's icon and swagger-ui's CSS icons.
 */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    imgSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
  },
};

/**
 * swagger-ui sets inline styles as it renders (the docs page only: no personal data, no input
 * reflected into it); its scripts stay limited to this origin.
 */
export function allowInlineStyles(policy: string): string {
  return policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
}

/**
 * Security headers on every response. HSTS is sent only on https: over plain http (a laptop, the
 * demo on a LAN) a browser ignores it anyway, and behind a TLS proxy `request.protocol` is https
 * only when `trustProxy` lets the app believe X-Forwarded-Proto.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    hsts: false,
    referrerPolicy: { policy: 'no-referrer' },
    // DENY agrees with frame-ancestors 'none' for browsers that only know the older header.
    frameguard: { action: 'deny' },
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}

/**
 * Every API answer may carry personal data (names, NIKs, payroll figures, the session itself), so
 * none is kept by the browser or a shared cache. Public reference data (regions, the premium
 * calculator, the OpenAPI document) is small and answered from memory, so it takes the same rule
 * rather than a list of exceptions that a new route could wrongly join; a route that truly serves
 * public data may set its own Cache-Control, which is left alone.
 */
export function noStoreApiResponses(api: FastifyInstance): void {
  api.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
