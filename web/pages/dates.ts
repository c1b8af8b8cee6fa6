// Dates as pages write them, in one place.

/** 2021-03-14 as "14 March 2021", 2021-03 as "March 2021": dates as GOV.UK writes them. */
export function formatDate(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split("-");
  if (!month) return year;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day ?? 1)));
  const options: Intl.DateTimeFormatOptions = { year: "numeric", month: "long", timeZone: "UTC", ...(day ? { day: "numeric" } : {}) };
  return new Intl.DateTimeFormat("en-GB", options).format(date);
}
