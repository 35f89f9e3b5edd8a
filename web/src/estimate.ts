// What a request will cost before it is submitted: quantity × the current
// unit price, rounded to cents half away from zero, exactly (BigInt, never
// floating point). It is the SPEC's estimate rule, shown only as a preview:
// the charge the department is held to is the estimated_charge the API
// answers on create. When POST /v1/quotes lands (budgets), the form asks
// the API instead and this file goes.

/** estimate is quantity × unitPrice to the cent, or null when either is not a decimal. */
export function estimate(quantity: string, unitPrice: string): string | null {
  const q = parse(quantity);
  const p = parse(unitPrice);
  if (!q || !p) return null;
  const scale = q.places + p.places;
  let product = q.units * p.units; // scaled by 10^scale
  const negative = product < 0n;
  if (negative) product = -product;
  let cents: bigint;
  if (scale >= 2) {
    const div = 10n ** BigInt(scale - 2);
    cents = product / div;
    if ((product % div) * 2n >= div) cents += 1n; // half away from zero
  } else {
    cents = product * 10n ** BigInt(2 - scale);
  }
  const s = cents.toString().padStart(3, '0');
  return `${negative ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}

function parse(s: string): { units: bigint; places: number } | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return null;
  const frac = m[3] ?? '';
  return { units: BigInt(`${m[1]}${m[2]}${frac}`), places: frac.length };
}
