// Budgets, one story per person: a department head reads the year's budget
// and what commits it, and sees what a request would do to it before
// asking; finance sets budgets, and a save made on a page someone else has
// since saved over is refused and says so; leadership reads every
// department's forecast, most used first, on a desk and on a phone. Every
// figure the test expects it works out from the API's own figures.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { expectAccessible, money, serverNow, signInAt } from './months';
import { api, finance, leadership, radiologyHead, type Person } from './people';

interface Budget { amount: string; thresholds: number[]; version: number }
interface Forecast {
  year: string; department: string; budget: Budget | null; actual: string; committed: string; recurring: string; forecast: string;
  commitments: { request_id: string; service_id: string; status: string; amount: string }[];
  remaining: string | null; used_percent: string | null; status: 'ok' | 'warning' | 'over' | null;
}

/** fiscalYear is the fiscal year the server is in, named as the API names it, from the portal's own settings. */
async function fiscalYear(page: Page): Promise<string> {
  const cfg = (await (await page.request.get('/config.json')).json()) as { fiscal_year_start: number };
  const now = await serverNow(page);
  const y = now.getUTCFullYear();
  const start = cfg.fiscal_year_start;
  return String(start !== 1 && now.getUTCMonth() + 1 >= start ? y + 1 : y);
}

/** cents reads a decimal money string as whole cents. */
function cents(amount: string): bigint {
  const [whole, frac = ''] = amount.replace('-', '').split('.');
  const c = BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
  return amount.startsWith('-') ? -c : c;
}

/** decimal writes cents back as "1234.50". */
function decimal(c: bigint): string {
  const neg = c < 0n;
  const a = neg ? -c : c;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

/** usedPercent is forecast ÷ budget × 100 to one decimal, half away from zero (both positive here). */
function usedPercent(forecast: bigint, budget: bigint): string {
  const tenths = (forecast * 2000n + budget) / (2n * budget);
  return `${tenths / 10n}.${tenths % 10n}`;
}

/** leftOrOver writes what remains as the portal does. */
function leftOrOver(remaining: bigint): string {
  return remaining < 0n ? `${money(decimal(-remaining))} over` : `${money(decimal(remaining))} left`;
}

/** as opens a second browser for another person at the server's time. */
async function as(browser: Browser, p: Person, path: string, now: Date): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signInAt(page, p, path, now);
  return page;
}

test("a department head sees the year's budget bar and the open requests that commit it", async ({ page }) => {
  const year = await fiscalYear(page);
  const f = (await api(page, radiologyHead, 'GET', `/v1/budgets/${year}/radiology`)) as Forecast;
  const services = (await api(page, radiologyHead, 'GET', '/v1/services?include_retired=true&limit=200')) as { items: { id: string; name: string }[] };
  await signInAt(page, radiologyHead, '/', await serverNow(page));

  // The budget is the department head's home.
  await expect(page.getByRole('heading', { level: 1, name: `Radiology budget, fiscal year ${year}` })).toBeVisible();
  expect(f.budget, 'the sample data gives radiology a budget').not.toBeNull();
  const bar = page.getByRole('img', { name: new RegExp(`forecast ${escape(money(f.forecast))} of a ${escape(money(f.budget!.amount))} budget, ${escape(f.used_percent!)} % used`) });
  await expect(bar).toBeVisible();
  // Every part of the bar is written out in words beside it.
  const legend = page.getByRole('figure');
  for (const [label, amount] of [['Spent', f.actual], ['Committed', f.committed], ['Subscriptions to come', f.recurring], ['Forecast', f.forecast], ['Budget', f.budget!.amount]]) {
    await expect(legend.getByRole('definition').filter({ hasText: money(amount) }).first(), label).toBeVisible();
    await expect(legend.getByRole('term').filter({ hasText: label }).first()).toBeVisible();
  }
  await expect(page.getByText(`${f.used_percent} % of the budget used by the forecast; ${leftOrOver(cents(f.remaining!))}.`)).toBeVisible();

  // The commitment, request by request, each linking to its request.
  expect(f.commitments.length).toBeGreaterThan(0);
  const table = page.getByRole('table', { name: /Open requests/ });
  await expect(table.locator('tbody tr')).toHaveCount(f.commitments.length);
  await expect(table.locator('tfoot')).toContainText(money(f.committed));
  const first = f.commitments[0];
  const name = services.items.find((s) => s.id === first.service_id)!.name;
  await expectAccessible(page);
  await table.getByRole('link', { name }).first().click();
  await expect(page).toHaveURL(new RegExp(`#/requests/${first.request_id}$`));
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(name) })).toBeVisible();
});

test('the request form quotes the charge and the budget after the request, as worked out by hand', async ({ page }) => {
  const year = await fiscalYear(page);
  const f = (await api(page, radiologyHead, 'GET', `/v1/budgets/${year}/radiology`)) as Forecast;
  const printer = (await api(page, radiologyHead, 'GET', '/v1/services/label-wristband-printer')) as { current_price: { unit_price: string } };
  await signInAt(page, radiologyHead, '/catalog/label-wristband-printer', await serverNow(page));

  const quotes: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/v1/quotes')) quotes.push(r.postData() ?? '');
  });
  await page.getByLabel('Quantity (device)').clear();
  await page.getByLabel('Quantity (device)').pressSequentially('3');
  // A one-time service commits its estimated charge: 3 × the unit price.
  const charge = 3n * cents(printer.current_price.unit_price);
  const after = cents(f.forecast) + charge;
  const budget = cents(f.budget!.amount);
  await expect(page.getByText('Estimated charge:')).toContainText(`${money(decimal(charge))} (3 × ${money(printer.current_price.unit_price)})`);
  const line = page.getByText('After this request:');
  await expect(line).toContainText(`After this request: ${usedPercent(after, budget)} % of the fiscal year ${year} budget, ${leftOrOver(budget - after)} (now ${leftOrOver(budget - cents(f.forecast))}).`);
  await expect(page.getByText('IT approves it first')).toBeVisible();
  await expectAccessible(page);

  // A new quantity is a new quote, asked once the typing stops; a quantity the API refuses is marked by the field.
  await page.getByLabel('Quantity (device)').fill('0');
  await expect(page.getByLabel('Quantity (device)')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('After this request:')).toHaveCount(0);
  await page.getByLabel('Quantity (device)').fill('1');
  const one = cents(f.forecast) + cents(printer.current_price.unit_price);
  await expect(line).toContainText(`${usedPercent(one, budget)} % of the fiscal year ${year} budget`);
  expect(quotes.every((q) => JSON.parse(q).service_id === 'label-wristband-printer')).toBe(true);
  // Nothing was filed: a quote writes nothing.
  const again = (await api(page, radiologyHead, 'GET', `/v1/budgets/${year}/radiology`)) as Forecast;
  expect(again.forecast).toBe(f.forecast);
});

test("finance sets a department's budget, and a save over someone else's newer one is refused and says so", async ({ page, browser }) => {
  const year = await fiscalYear(page);
  const now = await serverNow(page);
  const lab = (await api(page, finance, 'GET', `/v1/budgets/${year}/laboratory`)) as Forecast;
  await signInAt(page, finance, '/budgets', now);
  await expect(page.getByRole('table', { name: `Budgets for fiscal year ${year}` })).toBeVisible();

  // What the API refuses is shown by its field.
  await page.getByLabel('Budget for Laboratory').fill('-5');
  await page.getByLabel('Thresholds for Laboratory, in percent').fill('90, 80');
  await page.getByRole('button', { name: 'Save Laboratory' }).click();
  await expect(page.getByLabel('Budget for Laboratory')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Thresholds for Laboratory, in percent')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#budget-laboratory-amount-error')).not.toBeEmpty();
  await expect(page.locator('#budget-laboratory-thresholds-error')).not.toBeEmpty();
  await expectAccessible(page);

  // A budget for a department that had none: its used share is the forecast's over the new amount.
  const amount = lab.budget ? String(Number(lab.budget.amount) + 1000) : '2000';
  await page.getByLabel('Budget for Laboratory').fill(amount);
  await page.getByLabel('Thresholds for Laboratory, in percent').fill('50, 100');
  // Enter in a row's field saves that row, as its button does.
  await page.getByLabel('Thresholds for Laboratory, in percent').press('Enter');
  await expect(page.getByRole('status').filter({ hasText: "Saved Laboratory's budget." })).toBeVisible();
  const row = page.getByRole('row', { name: /^Laboratory/ }).first();
  await expect(row).toContainText(`${usedPercent(cents(lab.forecast), cents(amount))} %`);
  const saved = (await api(page, finance, 'GET', `/v1/budgets/${year}/laboratory`)) as Forecast;
  expect(saved.budget).toMatchObject({ amount: `${amount}.00`, thresholds: [50, 100] });

  // Two people have radiology's row open; the first saves, the second's save is on a stale version.
  const radiology = (await api(page, finance, 'GET', `/v1/budgets/${year}/radiology`)) as Forecast;
  const original = radiology.budget!.amount;
  const other = await as(browser, finance, '/budgets', now);
  await expect(other.getByLabel('Budget for Radiology')).toHaveValue(original);
  const newer = decimal(cents(original) + 10000n);
  await page.getByLabel('Budget for Radiology').fill(newer);
  await page.getByRole('button', { name: 'Save Radiology' }).click();
  await expect(page.getByRole('status').filter({ hasText: "Saved Radiology's budget." })).toBeVisible();

  await other.getByLabel('Budget for Radiology').fill(decimal(cents(original) + 20000n));
  await other.getByRole('button', { name: 'Save Radiology' }).click();
  await expect(other.getByRole('alert')).toContainText("Someone else changed Radiology's budget while you had it open; yours was not saved.");
  await expectAccessible(other);
  await other.getByRole('button', { name: 'Reload it' }).click();
  await expect(other.getByLabel('Budget for Radiology')).toHaveValue(newer);
  // Saved again on the version now seen, it goes through: radiology is back where it was.
  await other.getByLabel('Budget for Radiology').fill(original);
  await other.getByRole('button', { name: 'Save Radiology' }).click();
  await expect(other.getByRole('status').filter({ hasText: "Saved Radiology's budget." })).toBeVisible();
  await other.context().close();
  const back = (await api(page, finance, 'GET', `/v1/budgets/${year}/radiology`)) as Forecast;
  expect(back.budget).toMatchObject({ amount: original, version: radiology.budget!.version + 2 });
});

test("leadership reads every department's forecast, most used first, and on a phone without scrolling sideways", async ({ page }) => {
  const year = await fiscalYear(page);
  const list = (await api(page, leadership, 'GET', `/v1/budgets/${year}`)) as { items: Forecast[] };
  const departments = (await api(page, leadership, 'GET', '/v1/departments')) as { items: { id: string; name: string }[] };
  await signInAt(page, leadership, '/forecast', await serverNow(page));
  const table = page.getByRole('table', { name: `Forecast for fiscal year ${year}` });
  await expect(table).toBeVisible();
  await expect(table.locator('tbody tr')).toHaveCount(list.items.length);

  // Most used first; departments without a budget last.
  const budgeted = list.items.filter((f) => f.used_percent !== null).sort((a, b) => Number(b.used_percent) - Number(a.used_percent));
  expect(budgeted.length).toBeGreaterThanOrEqual(3);
  for (const [i, f] of budgeted.entries()) {
    const row = table.locator('tbody tr').nth(i);
    await expect(row).toContainText(departments.items.find((d) => d.id === f.department)!.name);
    await expect(row).toContainText(`${f.used_percent} %`);
    await expect(row).toContainText(money(f.forecast));
    await expect(row).toContainText({ ok: 'Within budget', warning: 'Past a warning threshold', over: 'Over budget' }[f.status!]);
  }
  // Each state the sample data sets up is there, said in words.
  for (const words of ['Within budget', 'Past a warning threshold', 'Over budget', 'No budget']) {
    await expect(table.getByText(words).first()).toBeVisible();
  }
  await expectAccessible(page);

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(table).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page);
});

test("a department head cannot open finance's budgets or the forecast by editing the address", async ({ page }) => {
  await signInAt(page, radiologyHead, '/budgets', await serverNow(page));
  await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
  await page.goto('/#/forecast');
  await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Budget', exact: true })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Budgets' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Forecast' })).toHaveCount(0);
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
