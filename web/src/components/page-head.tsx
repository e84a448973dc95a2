import type { ReactNode } from 'react';

/** A page's title and the sentence under it that says what the page is for. */
export function PageHead({ title, intro }: { title: ReactNode; intro: ReactNode }) {
  return (
    <div className="page-head">
      <h1>{title}</h1>
      <p className="lead">{intro}</p>
    </div>
  );
}
