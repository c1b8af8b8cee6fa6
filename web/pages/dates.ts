// Dates as pages write them, in one place.

/** 2021-03-14 as "14 March 2021", 2021-03 as "March 2021": dates as GOV.UK writes them. */
export function formatDate(iso: string): string {
  const [year, month, day] = keepRealDate(iso).split("-");
  if (!month) return year;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day ?? 1)));
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", timeZone: "UTC", ...(day ? { day: "numeric" } : {}) };
  return new Intl.DateTimeFormat("en-GB", options).format(date);
}

/**
 * As much of a stored date as the calendar has: a deposit keeps 2021-02-31 as written, which is shown as February 2021
 * rather than rolled over into 3 March; a month that is no month leaves the year.
 */
export function keepRealDate(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split("-");
  const m = Number(month);
  if (!month || !(m >= 1 && m <= 12)) return year;
  if (!day) return `${year}-${month}`;
  const date = new Date(Date.UTC(Number(year), m - 1, Number(day)));
  return date.getUTCMonth() === m - 1 && date.getUTCDate() === Number(day) ? `${year}-${month}-${day}` : `${year}-${month}`;
}
