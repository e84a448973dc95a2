import type { BillDetail } from '../../api/types.ts';
import { LoadState, useLoad } from '../../components/load.tsx';
import { Breadcrumb, Fact, RecordView } from '../../components/records.tsx';
import { DataTable } from '../../components/tables.tsx';
import { formatCount, formatMoment, formatPeriod, formatRupiah } from '../../format.ts';
import { useApi, useDocumentTitle } from '../../hooks.ts';
import { useI18n } from '../../i18n.ts';
import { paths } from '../../router.tsx';

/** One bill as issued: its facts, its files and its lines. */
export function BillPage({ id }: { id: string }) {
  const { t, language } = useI18n();
  const api = useApi();
  const load = useLoad<BillDetail>(`${id} ${language}`, (signal) => api.bill(id, signal));
  const bill = load.data;
  useDocumentTitle(bill ? bill.reference : t.billsTitle);
  return (
    <div className="bill">
      <Breadcrumb
        list={t.billsTitle}
        href={paths.bills(bill ? { period: bill.period } : {})}
        current={bill?.reference ?? id}
      />
      <LoadState load={load} />
      {bill && (
        <>
          <RecordView
            kicker={t.billKicker(
              t.billDocument[bill.document] ?? bill.document,
              formatPeriod(bill.period, language),
            )}
            name={bill.payer.name}
            code={bill.reference}
          >
            <Fact label={t.billFactPeriod} value={formatPeriod(bill.period, language)} />
            <Fact label={t.billFactDue} value={formatMoment(bill.dueAt, bill.timeZone, language)} />
            <Fact label={t.billFactLines} value={formatCount(bill.memberCount, language)} />
            <Fact label={t.billFactBilled} value={formatRupiah(bill.billedAmount)} />
            <Fact label={t.billFactWords} value={bill.amountInWords} />
            <Fact label={t.billFactPaid} value={formatRupiah(bill.paidAmount)} />
            <Fact label={t.billFactReconciled} value={formatRupiah(bill.reconciledAmount)} />
            <Fact label={t.billFactIssued} value={formatMoment(bill.issuedAt, bill.timeZone, language)} />
          </RecordView>
          <section className="card" aria-labelledby="bill-downloads">
            <h2 id="bill-downloads">{t.billDownloads}</h2>
            <div className="button-row">
              <a className="button" href={bill.downloads.pdf} download>
                {t.billDownloadPdf}
              </a>
              {bill.downloads.csv && (
                <a className="button button--secondary" href={bill.downloads.csv} download>
                  {t.billDownloadCsv}
                </a>
              )}
              {bill.downloads.xlsx && (
                <a className="button button--secondary" href={bill.downloads.xlsx} download>
                  {t.billDownloadXlsx}
                </a>
              )}
            </div>
          </section>
          <section aria-labelledby="bill-lines">
            <h2 id="bill-lines">{t.billLinesTitle}</h2>
            {bill.nikMasked && <p className="muted">{t.billNikMasked}</p>}
            <DataTable
              caption={t.billLinesCaption}
              columns={[
                t.billColWorker,
                t.billColNik,
                t.billColMonth,
                t.billColSponsor,
                { label: 'JKK', numeric: true },
                { label: 'JKM', numeric: true },
                { label: 'JHT', numeric: true },
                { label: t.billColAmount, numeric: true },
              ]}
            >
              {bill.lines.map((line) => (
                <tr key={line.id}>
                  <th scope="row">
                    {line.workerName}
                    {line.kind === 'adjustment' && <span className="table__sub">{t.billAdjustment}</span>}
                  </th>
                  <td className="code nowrap">{line.nik}</td>
                  <td className="nowrap">{formatPeriod(line.period, language)}</td>
                  <td>
                    {line.sponsorName}
                    {line.sponsorNip && <span className="table__sub code">{line.sponsorNip}</span>}
                  </td>
                  <td className="num">{formatRupiah(line.jkk)}</td>
                  <td className="num">{formatRupiah(line.jkm)}</td>
                  <td className="num">{formatRupiah(line.jht)}</td>
                  <td className="num">{formatRupiah(line.amount)}</td>
                </tr>
              ))}
            </DataTable>
          </section>
        </>
      )}
    </div>
  );
}
