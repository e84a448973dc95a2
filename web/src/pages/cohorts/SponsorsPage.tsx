import { type FormEvent, useState } from 'react';
import { ChoiceCards } from '../../components/forms.tsx';
import { PagedResults, SelectFilter, useListFilters } from '../../components/lists.tsx';
import { ErrorAlert, LoadState, useLoad } from '../../components/load.tsx';
import { PageHead } from '../../components/page-head.tsx';
import { PemdaPicker } from '../../components/pemda.tsx';
import { Breadcrumb } from '../../components/records.tsx';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { navigate, paths } from '../../router.tsx';
import { mayUse, useUser } from '../../session.tsx';
import {
  BuildResultView,
  Field,
  list,
  PAGE_SIZE,
  SponsorTable,
  TextInput,
  useBuildForm,
  usePemdaZone,
} from './shared.tsx';

/** What a company or a donor may choose; the API holds the rule (PREPAID_MONTHS). */
const PREPAID = ['3', '6', '12'] as const;

export function SponsorsPage() {
  const { t, language } = useI18n();
  const api = useApi();
  const user = useUser();
  useDocumentTitle(t.sponsorListTitle);
  const { filters, fixedPemda, hrefFor } = useListFilters(
    (params) => ({ kind: params.get('kind') ?? '' }),
    (next) => paths.sponsors({ pemda: next.pemda, kind: next.kind || undefined, page: next.page }),
  );
  const { pemdaList } = usePemdaZone(filters.pemda);
  const results = useLoad(`${JSON.stringify(filters)} ${language}`, (signal) =>
    api.sponsors(
      { pemda: filters.pemda, kind: filters.kind || undefined, page: filters.page, pageSize: PAGE_SIZE },
      signal,
    ),
  );
  const admin = mayUse(user, 'cohortAdmin') && filters.pemda !== undefined;

  return (
    <div className="registry">
      <Breadcrumb list={t.cohortListTitle} href={paths.cohorts()} current={t.sponsorListTitle} />
      <PageHead title={t.sponsorListTitle} intro={t.sponsorListIntro} />
      {admin && (
        <div className="imports__layout">
          <CsrForm pemda={filters.pemda!} />
          <DonorForm pemda={filters.pemda!} />
        </div>
      )}
      {!fixedPemda && pemdaList.data && (
        <PemdaPicker
          list={pemdaList.data}
          value={filters.pemda}
          allowAll
          hrefFor={(pemda) => hrefFor({ pemda, page: 1 })}
        />
      )}
      <SelectFilter
        label={t.sponsorKindLabel}
        allLabel={t.sponsorAllKinds}
        options={Object.entries(t.sponsorKind).map(([value, label]) => ({ value, label }))}
        value={filters.kind}
        onChange={(kind) => navigate(hrefFor({ kind, page: 1 }))}
      />
      <PagedResults results={results} hrefFor={(page) => hrefFor({ page })}>
        {(items) => <SponsorTable items={items} />}
      </PagedResults>
    </div>
  );
}

/** The Pemda's districts as checkboxes: Ponorogo has 21, a city a handful. */
function DistrictChoice({
  pemda,
  value,
  onChange,
}: {
  pemda: string;
  value: string[];
  onChange: (v: string[]) => void;
}) {
  const { t, language } = useI18n();
  const api = useApi();
  const districts = useLoad(
    `${pemda} ${language}`,
    async (signal) => (await api.children(pemda, signal)).items,
  );
  return (
    <fieldset className="fieldset fieldset--plain">
      <legend>{t.sponsorDistrictsLegend}</legend>
      <span className="hint">{t.sponsorDistrictsHint}</span>
      <LoadState load={districts} />
      <div className="checks">
        {districts.data?.map((district) => (
          <label key={district.code} className="check">
            <input
              type="checkbox"
              name="districts"
              value={district.code}
              checked={value.includes(district.code)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...value, district.code]
                    : value.filter((code) => code !== district.code),
                )
              }
            />
            <span>
              {district.name} <span className="table__sub code">{district.code}</span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function MonthsChoice({
  value,
  onChange,
}: {
  value: (typeof PREPAID)[number];
  onChange: (v: (typeof PREPAID)[number]) => void;
}) {
  const { t } = useI18n();
  return (
    <ChoiceCards
      legend={t.sponsorMonthsLegend}
      name="months"
      choices={PREPAID.map((months) => ({ value: months, label: t.sponsorMonths(Number(months)), hint: '' }))}
      value={value}
      onChange={onChange}
    />
  );
}

/** How a CSR or donor order ends: why it failed, the button, then the build it made. */
function OrderEnd({ form, submitLabel }: { form: ReturnType<typeof useBuildForm>; submitLabel: string }) {
  const { t } = useI18n();
  return (
    <>
      {form.error && <ErrorAlert message={form.error} />}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {form.busy ? t.cohortWorking : submitLabel}
        </button>
      </div>
      {form.result && <BuildResultView result={form.result} />}
    </>
  );
}

function CsrForm({ pemda }: { pemda: string }) {
  const { t } = useI18n();
  const api = useApi();
  const [organisation, setOrganisation] = useState('');
  const [workers, setWorkers] = useState('');
  const [districts, setDistricts] = useState<string[]>([]);
  const [months, setMonths] = useState<(typeof PREPAID)[number]>('12');
  const [from, setFrom] = useState(`${new Date().getFullYear()}-01`);
  const form = useBuildForm();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (districts.length === 0) return form.fail(t.sponsorChooseDistrict);
    return void form.run(() =>
      api.orderCsr(pemda, {
        organisation,
        workers: Number(workers.replaceAll('.', '')),
        districts,
        months: Number(months),
        from,
      }),
    );
  }

  return (
    <form className="card import-form" onSubmit={submit} noValidate aria-label={t.sponsorCsrTitle}>
      <h2>{t.sponsorCsrTitle}</h2>
      <p className="muted">{t.sponsorCsrIntro}</p>
      <TextInput label={t.sponsorOrganisationLabel} value={organisation} onChange={setOrganisation} />
      <TextInput label={t.sponsorWorkersLabel} value={workers} onChange={setWorkers} inputMode="numeric" />
      <DistrictChoice pemda={pemda} value={districts} onChange={setDistricts} />
      <MonthsChoice value={months} onChange={setMonths} />
      <TextInput label={t.cohortFromLabel} value={from} onChange={setFrom} type="month" />
      <OrderEnd form={form} submitLabel={t.sponsorSubmitCsr} />
    </form>
  );
}

function DonorForm({ pemda }: { pemda: string }) {
  const { t } = useI18n();
  const api = useApi();
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [workers, setWorkers] = useState('');
  const [niks, setNiks] = useState('');
  const [months, setMonths] = useState<(typeof PREPAID)[number]>('6');
  const [from, setFrom] = useState(`${new Date().getFullYear()}-01`);
  const form = useBuildForm();

  function submit(event: FormEvent) {
    event.preventDefault();
    const named = list(niks);
    void form.run(() =>
      api.orderDonor(pemda, {
        name,
        ...(phone.trim() ? { phone: phone.trim() } : {}),
        ...(named.length > 0 ? { niks: named } : { workers: Number(workers.replaceAll('.', '')) }),
        months: Number(months),
        from,
      }),
    );
  }

  return (
    <form className="card import-form" onSubmit={submit} noValidate aria-label={t.sponsorDonorTitle}>
      <h2>{t.sponsorDonorTitle}</h2>
      <p className="muted">{t.sponsorDonorIntro}</p>
      <TextInput label={t.sponsorDonorNameLabel} value={name} onChange={setName} />
      <TextInput label={t.sponsorPhoneLabel} value={phone} onChange={setPhone} type="tel" />
      <TextInput label={t.sponsorWorkersLabel} value={workers} onChange={setWorkers} inputMode="numeric" />
      <Field label={t.sponsorNiksLabel} hint={t.sponsorNiksHint}>
        {({ id, hintId }) => (
          <textarea
            id={id}
            rows={3}
            value={niks}
            inputMode="numeric"
            aria-describedby={hintId}
            onChange={(event) => setNiks(event.target.value)}
          />
        )}
      </Field>
      <MonthsChoice value={months} onChange={setMonths} />
      <TextInput label={t.cohortFromLabel} value={from} onChange={setFrom} type="month" />
      <OrderEnd form={form} submitLabel={t.sponsorSubmitDonor} />
    </form>
  );
}
