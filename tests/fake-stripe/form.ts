// Stripe's request bodies are form-encoded with bracketed keys, as the SDK writes them:
// `line_items[0][price_data][unit_amount]=100&expand[]=payment_intent&metadata[orderId]=…`.

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormObject = { [key: string]: FormValue };

/** `a[b][0][c]` → ["a", "b", "0", "c"]; `expand[]` → ["expand", ""]. */
function keyPath(key: string): string[] {
  const open = key.indexOf("[");
  if (open === -1) return [key];
  const path = [key.slice(0, open)];
  for (const match of key.slice(open).matchAll(/\[([^\]]*)\]/g)) path.push(match[1]);
  return path;
}

function insert(target: FormObject, path: string[], value: string) {
  let node: FormObject = target;
  for (let i = 0; i < path.length - 1; i++) {
    const segment = path[i];
    const following = path[i + 1];
    if (following === "") {
      node[segment] ??= [];
      const list = node[segment];
      if (!Array.isArray(list)) throw new FormError(`Invalid array: ${path.slice(0, i + 1).join(".")}`);
      list.push(value);
      return;
    }
    node[segment] ??= {};
    const child = node[segment];
    if (typeof child !== "object" || Array.isArray(child)) throw new FormError(`Invalid hash: ${path.slice(0, i + 1).join(".")}`);
    node = child;
  }
  node[path[path.length - 1]] = value;
}

/** Objects keyed 0, 1, 2… become arrays, like Stripe reads `line_items[0]…`. */
function listify(value: FormValue): FormValue {
  if (typeof value === "string" || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const entries = Object.fromEntries(keys.map((k) => [k, listify(value[k])]));
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    const indexes = keys.map(Number).sort((a, b) => a - b);
    if (indexes.every((n, i) => n === i)) return indexes.map((n) => entries[String(n)]);
  }
  return entries;
}

export class FormError extends Error {}

export function parseStripeForm(body: string): FormObject {
  const result: FormObject = {};
  for (const [key, value] of new URLSearchParams(body)) insert(result, keyPath(key), value);
  return listify(result) as FormObject;
}
