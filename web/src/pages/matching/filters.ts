import { pageParam } from '../../components/lists.tsx';
import { paths } from '../../router.tsx';

export const PAGE_SIZE = 25;

export const STATUSES = ['open', 'accepted', 'rejected', 'withdrawn'] as const;

export interface ProposalFilters {
  run: number | undefined;
  status: string;
  level: string;
  page: number;
}

export function readFilters(search: string): ProposalFilters {
  const params = new URLSearchParams(search);
  const run = Number(params.get('run'));
  return {
    run: Number.isInteger(run) && run > 0 ? run : undefined,
    status: params.get('status') ?? 'open',
    level: params.get('level') ?? '',
    page: pageParam(params),
  };
}

export const hrefFor = (filters: ProposalFilters) =>
  paths.matching({
    run: filters.run,
    status: filters.status === 'open' ? undefined : filters.status || 'all',
    level: filters.level,
    page: filters.page > 1 ? filters.page : undefined,
  });
