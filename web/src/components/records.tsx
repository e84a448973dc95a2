import { type ReactNode, useId } from 'react';
import { useI18n } from '../i18n.ts';
import { Link } from '../router.tsx';

/** The way back from a record to the list it belongs to. */
export function Breadcrumb({ list, href, current }: { list: string; href: string; current: string }) {
  const { t } = useI18n();
  return (
    <nav className="breadcrumb" aria-label={t.breadcrumbLabel}>
      <ol>
        <li>
          <Link href={href}>{list}</Link>
        </li>
        <li aria-current="page">{current}</li>
      </ol>
    </nav>
  );
}

/** One record of a registry: what kind it is, its name and identifier, then its facts. */
export function RecordView({
  kicker,
  name,
  code,
  children,
}: {
  kicker: string;
  name: string;
  code: string;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <>
      <div className="page-head">
        <p className="kicker">{kicker}</p>
        <h1>{name}</h1>
        <p className="code">{code}</p>
      </div>
      <section className="card record__card" aria-labelledby={headingId}>
        <h2 id={headingId}>{t.recordDetails}</h2>
        <dl className="facts facts--columns">{children}</dl>
      </section>
    </>
  );
}

export function Fact({ label, value, code = false }: { label: string; value: string; code?: boolean }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={code ? 'code' : undefined}>{value}</dd>
    </div>
  );
}
