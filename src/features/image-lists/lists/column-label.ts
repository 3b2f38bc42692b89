/** A list's own column's name (beyond the shared image columns): its key in `lists`. */
export function listColumnLabel(id: string): string {
  return `lists:columns.${id}`;
}
