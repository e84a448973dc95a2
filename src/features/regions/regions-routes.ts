import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../platform/schemas.ts';
import type { RegionsService } from './regions-service.ts';
import { regionChildrenSchema, regionSchema } from './regions-types.ts';

const params = z.object({ code: z.string().meta({ example: '35.02' }) });
const tags = ['Wilayah / Regions'];

export const regionsRoutes: FastifyPluginAsyncZod<{ regions: RegionsService }> = async (app, { regions }) => {
  app.get(
    '/regions',
    {
      config: { access: { roles: 'anyone' } },
      schema: {
        tags,
        summary: 'Provinces / daftar provinsi',
        response: { 200: regionChildrenSchema, ...errorResponses },
      },
    },
    () => regions.children(null),
  );
  app.get(
    '/regions/:code',
    {
      config: { access: { roles: 'anyone' } },
      schema: {
        tags,
        summary: 'One region with its parent and time zone',
        params,
        response: { 200: regionSchema, ...errorResponses },
      },
    },
    (request) => regions.get(request.params.code),
  );
  app.get(
    '/regions/:code/children',
    {
      config: { access: { roles: 'anyone' } },
      schema: {
        tags,
        summary: 'The regions directly below one region',
        params,
        response: { 200: regionChildrenSchema, ...errorResponses },
      },
    },
    (request) => regions.children(request.params.code),
  );
};
