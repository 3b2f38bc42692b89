// Days as date inputs show them (YYYY-MM-DD, the browser's time zone), turned into epoch ms for
// the routes' time filters.

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Midnight at the start of `day` in the browser's time zone, as epoch ms. */
export function startOfDay(day: string): number {
  return new Date(`${day}T00:00:00`).getTime();
}

/** Midnight after `day` (an exclusive end that keeps the whole day). */
export function startOfNextDay(day: string): number {
  const next = new Date(`${day}T00:00:00`);
  next.setDate(next.getDate() + 1);
  return next.getTime();
}

/** `raw` if it is a real calendar day, else '' (no bound). */
export function dayOrEmpty(raw: string | null): string {
  return raw !== null && DAY.test(raw) && !Number.isNaN(startOfDay(raw)) ? raw : '';
}
