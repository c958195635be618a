// Money is integer cents with a currency; never floats.
const formatters = new Map<string, Intl.NumberFormat>();

/** "$1,234.50" for 123450 cents in usd. */
export function formatMoney(cents: number, currency = "usd"): string {
  const key = currency.toLowerCase();
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", { style: "currency", currency: key.toUpperCase() });
    formatters.set(key, formatter);
  }
  return formatter.format(cents / 100);
}

/** Parses "12", "12.5", "12.50", "$1,200.00" into cents; null when it is not an amount. */
export function parseMoney(input: string): number | null {
  const cleaned = input.trim().replace(/^\$/, "").replaceAll(",", "");
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ""] = cleaned.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}
