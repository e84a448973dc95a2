import { type FormEvent, useEffect, useId, useState } from 'react';
import { isAbort } from '../api/client.ts';
import type { Api } from '../api/endpoints.ts';
import type { Region, RegionChildren, RegionSummary } from '../api/types.ts';
import { useApi, useDocumentTitle } from '../hooks.ts';
import { useI18n } from '../i18n.ts';
import { Link, navigate, paths } from '../router.tsx';

interface RegionView {
  region: Region | null;
  /** From the province down to the region's parent, for the breadcrumb. */
  ancestors: RegionSummary[];
  children: RegionChildren;
}

type Load =
  | { status: 'loading'; view: RegionView | null }
  | { status: 'ready'; view: RegionView }
  | { status: 'error'; message: string };

const CHILD_LEVEL: Record<string, RegionSummary['level'] | undefined> = {
  province: 'regency',
  regency: 'district',
  district: 'village',
};

/** `35.02.01` → `35`, `35.02`: the codes of the regions above, which the code itself spells out. */
function ancestorCodes(code: string): string[] {
  const parts = code.split('.');
  return parts.slice(1).map((_, i) => parts.slice(0, i + 1).join('.'));
}

async function loadView(api: Api, code: string | null, signal: AbortSignal): Promise<RegionView> {
  if (code === null) return { region: null, ancestors: [], children: await api.provinces(signal) };
  const [region, children, ...ancestors] = await Promise.all([
    api.region(code, signal),
    api.children(code, signal),
    ...ancestorCodes(code).map((ancestor) => api.region(ancestor, signal)),
  ]);
  return { region, children, ancestors };
}

export function RegionsPage({ code }: { code: string | null }) {
  const { t } = useI18n();
  const api = useApi();
  const [load, setLoad] = useState<Load>({ status: 'loading', view: null });

  useEffect(() => {
    const controller = new AbortController();
    // Keep showing the previous region while the next arrives, rather than flashing an empty page.
    setLoad((previous) => ({ status: 'loading', view: previous.status === 'error' ? null : previous.view }));
    loadView(api, code, controller.signal).then(
      (view) => setLoad({ status: 'ready', view }),
      (error: unknown) => {
        if (!isAbort(error)) setLoad({ status: 'error', message: (error as Error).message });
      },
    );
    return () => controller.abort();
  }, [api, code]);

  const view = load.status === 'error' ? null : load.view;
  const region = view?.region ?? null;
  useDocumentTitle(region?.name ?? t.regionsTitle);

  return (
    <div className="regions" aria-busy={load.status === 'loading'}>
      {view && <Breadcrumb view={view} />}
      <div className="page-head page-head--split">
        <div>
          {region && <p className="kicker">{t.levelName[region.level]}</p>}
          <h1>{region ? region.name : t.regionsTitle}</h1>
          {!region && <p className="lead">{t.regionsIntro}</p>}
        </div>
        <JumpForm current={code} />
      </div>

      {load.status === 'error' && (
        <div className="alert alert--error" role="alert">
          <p>{load.message}</p>
          <p>
            <Link href={paths.regions()}>{t.backToProvinces}</Link>
          </p>
        </div>
      )}
      {load.status === 'loading' && !view && (
        <p className="muted" role="status">
          {t.loading}
        </p>
      )}
      {view && (
        <div className={region ? 'regions__layout' : undefined}>
          {region && <RegionDetails region={region} />}
          <ChildList region={region} list={view.children} />
        </div>
      )}
    </div>
  );
}

function Breadcrumb({ view }: { view: RegionView }) {
  const { t } = useI18n();
  if (!view.region) return null;
  return (
    <nav className="breadcrumb" aria-label={t.breadcrumbLabel}>
      <ol>
        <li>
          <Link href={paths.regions()}>{t.indonesia}</Link>
        </li>
        {view.ancestors.map((ancestor) => (
          <li key={ancestor.code}>
            <Link href={paths.regions(ancestor.code)}>{ancestor.name}</Link>
          </li>
        ))}
        <li aria-current="page">{view.region.name}</li>
      </ol>
    </nav>
  );
}

function RegionDetails({ region }: { region: Region }) {
  const { t } = useI18n();
  const headingId = useId();
  const childLevel = CHILD_LEVEL[region.level];
  return (
    <section className="card region-details" aria-labelledby={headingId}>
      <h2 id={headingId}>{t.detailsTitle}</h2>
      <dl className="facts">
        <div>
          <dt>{t.detailCode}</dt>
          <dd className="code">{region.code}</dd>
        </div>
        <div>
          <dt>{t.detailLevel}</dt>
          <dd>{t.levelName[region.level]}</dd>
        </div>
        <div>
          <dt>{t.detailTimeZone}</dt>
          <dd data-testid="time-zone">{t.timeZone[region.timeZone] ?? region.timeZone}</dd>
        </div>
        <div>
          <dt>{t.detailParent}</dt>
          <dd>
            {region.parent ? (
              <Link href={paths.regions(region.parent.code)}>{region.parent.name}</Link>
            ) : (
              <Link href={paths.regions()}>{t.indonesia}</Link>
            )}
          </dd>
        </div>
        {childLevel && (
          <div>
            <dt>{t.detailChildren}</dt>
            <dd>{t.childCount(region.childCount, t.levelPlural[childLevel] ?? childLevel)}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}

function ChildList({ region, list }: { region: Region | null; list: RegionChildren }) {
  const { t } = useI18n();
  const headingId = useId();
  const filterId = useId();
  const [filter, setFilter] = useState('');
  // A new parent starts with the full list.
  const parentCode = region?.code ?? null;
  const [filterFor, setFilterFor] = useState(parentCode);
  if (filterFor !== parentCode) {
    setFilterFor(parentCode);
    setFilter('');
  }

  const childLevel = region ? CHILD_LEVEL[region.level] : 'province';
  if (!childLevel) return <p className="muted">{t.noChildren}</p>;

  const needle = filter.trim().toLocaleLowerCase('id');
  const items = needle
    ? list.items.filter(
        (item) => item.name.toLocaleLowerCase('id').includes(needle) || item.code.startsWith(needle),
      )
    : list.items;

  return (
    <section className="region-children" aria-labelledby={headingId}>
      <div className="section-head">
        <h2 id={headingId}>
          {t.levelPlural[childLevel]} <span className="count">({list.total})</span>
        </h2>
        {list.items.length > 10 && (
          <div className="field field--inline">
            <label htmlFor={filterId}>{t.filterLabel}</label>
            <input
              id={filterId}
              type="search"
              value={filter}
              autoComplete="off"
              onChange={(event) => setFilter(event.target.value)}
            />
          </div>
        )}
      </div>
      {items.length === 0 ? (
        <p className="muted" role="status">
          {t.noMatches(filter.trim())}
        </p>
      ) : (
        <ul className="region-list">
          {items.map((item) => (
            <li key={item.code}>
              <Link href={paths.regions(item.code)}>
                <span className="region-list__code">{item.code}</span>
                <span className="region-list__name">{item.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function JumpForm({ current }: { current: string | null }) {
  const { t } = useI18n();
  const api = useApi();
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [value, setValue] = useState('');
  const [failed, setFailed] = useState<{ code: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function check(code: string) {
    setBusy(true);
    try {
      await api.region(code);
      setFailed(null);
      setValue('');
      navigate(paths.regions(code));
    } catch (error) {
      setFailed({ code, message: (error as Error).message });
    } finally {
      setBusy(false);
    }
  }

  // The message came from the API in the old language: ask again in the new one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a language change should re-ask
  useEffect(() => {
    if (failed) void check(failed.code);
  }, [api]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const code = value.trim();
    if (code === '' || code === current) return;
    void check(code);
  }

  return (
    <form className="jump" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={inputId}>{t.jumpLabel}</label>
        <span className="hint" id={hintId}>
          {t.jumpHint}
        </span>
        <div className="input-row">
          <input
            id={inputId}
            name="code"
            value={value}
            inputMode="decimal"
            autoComplete="off"
            spellCheck={false}
            placeholder="35.02"
            aria-invalid={failed ? true : undefined}
            aria-describedby={failed ? `${hintId} ${errorId}` : hintId}
            onChange={(event) => {
              setValue(event.target.value);
              setFailed(null);
            }}
          />
          <button type="submit" className="button" disabled={busy}>
            {t.jumpButton}
          </button>
        </div>
        {failed && (
          <p className="field-error" id={errorId} role="alert">
            {failed.message}
          </p>
        )}
      </div>
    </form>
  );
}
