/** Times are stored as ISO-8601 UTC strings; these keep the arithmetic in one place. */
export function iso(date: Date): string {
  return date.toISOString();
}

export function isoAfter(date: Date, ms: number): string {
  return new Date(date.getTime() + ms).toISOString();
}
