// A plain table's header row: column labels, figures right-aligned (`num`) like their cells.

/** A column label; `numeric` ones are figures. */
export type HeadColumn = string | { label: string; numeric: true };

/** A figure column's label. */
export const numeric = (label: string): HeadColumn => ({ label, numeric: true });

export function TableHead({ columns }: { columns: readonly HeadColumn[] }) {
  return (
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
  );
}
