import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_MONTHS } from '../../core/contributions/engine.ts';
import {
  FUNDING_SOURCES,
  PROGRAMMES,
  RISK_CLASSES,
  SCHEMES,
  SECTORS,
} from '../../core/contributions/schedules.ts';
import { errorResponses } from '../../platform/schemas.ts';
import { premiumOptions, quotePremium } from './premium-service.ts';

const tags = ['Iuran / Contributions'];

const rupiah = z.number().int().nonnegative();
const period = z.string().meta({ example: '2025-01' });
const programme = z.enum(PROGRAMMES);
const components = z
  .object({ jkk: rupiah.optional(), jkm: rupiah.optional(), jht: rupiah.optional(), jp: rupiah.optional() })
  .meta({ description: 'Rupiah per programme, each the sum of its rounded employer and worker shares' });
const split = z.object({ employer: rupiah, worker: rupiah });
const message = z.object({ id: z.string(), en: z.string() });

// Raw strings, checked by the same validator as the CLI so errors read the same everywhere.
const premiumQuery = z.object({
  scheme: z
    .string()
    .optional()
    .meta({ description: `${SCHEMES.join(' | ')}; default bpu`, example: 'bpu' }),
  income: z
    .string()
    .optional()
    .meta({ description: 'BPU declared monthly income, one of the brackets', example: '1000000' }),
  from: z.string().optional().meta({ description: 'First month, YYYY-MM; default this month (WIB)' }),
  months: z
    .string()
    .optional()
    .meta({ description: `Number of months, 1–${MAX_MONTHS}; default 1`, example: '12' }),
  jht: z.string().optional().meta({ description: 'BPU: `true` adds JHT' }),
  funding: z
    .string()
    .optional()
    .meta({ description: `Who pays: ${FUNDING_SOURCES.join(' | ')}; default individual` }),
  sector: z
    .string()
    .optional()
    .meta({ description: `${SECTORS.join(' | ')}; leave out for any other sector` }),
  wage: z.string().optional().meta({ description: 'PU monthly wage', example: '3282000' }),
  risk: z
    .string()
    .optional()
    .meta({ description: `PU JKK risk class: ${RISK_CLASSES.join(' | ')}` }),
  programmes: z
    .string()
    .optional()
    .meta({ description: `Comma list of ${PROGRAMMES.join(', ')}; PU default all four`, example: 'jkk,jkm' }),
});

const appliedDiscount = z.object({
  id: z.string().meta({ example: 'pp-50-2025' }),
  label: z.string().meta({ example: 'PP 50/2025' }),
  legalBasis: z.string(),
  programmes: z.array(programme),
  percentOff: z.number().int(),
  reduction: rupiah.meta({ description: "Rupiah taken off the month's amount" }),
});

const monthPrice = z
  .object({
    period,
    amount: rupiah,
    components,
    schedule: z.string().meta({ example: 'PP 44/2015 + PP 50/2025 (-50% JKK, JKM)' }),
    shares: split.meta({ description: 'Who pays the amount; for BPU everything is on the worker side' }),
    discounts: z.array(appliedDiscount),
    jpWage: rupiah.optional().meta({ description: 'When JP is priced: the wage after the JP wage cap' }),
  })
  .meta({ id: 'PremiumMonth' });

const premiumQuote = z
  .object({
    scheme: z.enum(SCHEMES),
    from: period,
    months: z.number().int(),
    total: rupiah,
    monthly: rupiah.meta({ description: "The first month's amount" }),
    components: components.meta({ description: "The first month's components" }),
    perMonth: z.array(monthPrice),
  })
  .meta({ id: 'PremiumQuote' });

// The schedules are frozen data, hence read-only lists.
const discountSchedule = z.object({
  id: z.string(),
  label: z.string(),
  effectiveFrom: period,
  effectiveTo: period,
  legalBasis: z.string(),
  verify: z.string().optional(),
  schemes: z.array(z.enum(SCHEMES)).readonly(),
  programmes: z.array(programme).readonly(),
  percentOff: z.number().int(),
  onlySectors: z.array(z.enum(SECTORS)).readonly().optional(),
  exceptSectors: z.array(z.enum(SECTORS)).readonly().optional(),
  excludedFunding: z.array(z.enum(FUNDING_SOURCES)).readonly().optional(),
  note: z.string().optional(),
});

const premiumOptionsSchema = z
  .object({
    period,
    brackets: z.array(rupiah).meta({ description: 'BPU declared incomes accepted that month' }),
    riskClasses: z.array(
      z.object({ id: z.enum(RISK_CLASSES), rateBasisPoints: z.number().int(), label: message }),
    ),
    fundingSources: z.array(z.enum(FUNDING_SOURCES)),
    sectors: z.array(z.enum(SECTORS)),
    jpWageCap: rupiah.nullable().meta({ description: 'The JP wage cap in force; null where none is held' }),
    discounts: z
      .array(discountSchedule)
      .meta({ description: 'Discounts in force that month, with conditions' }),
  })
  .meta({ id: 'PremiumOptions' });

export const premiumRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/premium',
    {
      config: { access: { roles: 'anyone' } },
      schema: {
        tags,
        summary: 'Contributions for a range of months / iuran per bulan',
        description:
          'Prices each month by the schedules in force that month (rates, BPU income list, JP wage cap, discounts).',
        querystring: premiumQuery,
        response: { 200: premiumQuote, ...errorResponses },
      },
    },
    (request) => quotePremium(request.query, new Date()),
  );
  app.get(
    '/premium/brackets',
    {
      config: { access: { roles: 'anyone' } },
      schema: {
        tags,
        summary: 'What a calculator may offer for a month / pilihan kalkulator iuran',
        querystring: z.object({
          period: z.string().optional().meta({ description: 'YYYY-MM; default this month (WIB)' }),
        }),
        response: { 200: premiumOptionsSchema, ...errorResponses },
      },
    },
    (request) => premiumOptions(request.query.period, new Date()),
  );
};
