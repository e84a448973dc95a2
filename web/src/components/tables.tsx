import type { ReactNode } from 'react';

/** A table that may scroll sideways on a narrow screen, in a region the keyboard can reach. */
export function TableRegion({ label, id, children }: { label: string; id?: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" id={id} tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

/** A column heading; a numeric column's heading and cells align right (`className="num"` on the cells). */
export type Column = string | { label: string; numeric: true };

/**
 * A data table in its scrollable region: the caption names both (hidden unless `showCaption`),
 * `columns` are the headings, `children` the body rows and `foot` the total rows, if any.
 */
export function DataTable({
  caption,
  testId,
  variant,
  showCaption = false,
  columns,
  foot,
  children,
}: {
  caption: string;
  testId?: string;
  variant?: 'registry' | 'months';
  showCaption?: boolean;
  columns?: readonly Column[];
  foot?: ReactNode;
  children: ReactNode;
}) {
  return (
    <TableRegion label={caption}>
      <table className={variant ? `table table--${variant}` : 'table'} data-testid={testId}>
        <caption className={showCaption ? undefined : 'visually-hidden'}>{caption}</caption>
        {columns && (
          <thead>
            <tr>
              {columns.map((column) =>
                typeof column === 'string' ? (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ) : (
                  <th key={column.label} scope="col" className="num">
                    {column.label}
                  </th>
                ),
              )}
            </tr>
          </thead>
        )}
        <tbody>{children}</tbody>
        {foot && <tfoot>{foot}</tfoot>}
      </table>
    </TableRegion>
  );
}
