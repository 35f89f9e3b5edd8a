// A department head opens this month's statement and reads what changed
// since last month: the totals then and now, each service's change with
// the reason in plain words, largest first, and finance's corrections.
// Every figure on the page is the API's, written as the portal writes
// money; the story reads the same answer from the API to know what to
// expect, and never moves the server's clock.
import { expect, test } from '@playwright/test';
import { addMonths, expectAccessible, money, monthName, monthOf, serverNow } from './months';
import { api, radiologyHead, signIn } from './people';

interface Changes {
  month: string; previous_month: string; total: string; previous_total: string; difference: string;
  items: { service_name: string; previous_amount: string; amount: string; difference: string; rate: string; volume: string; new: string; ended: string }[];
  sla_credits: { previous: string; current: string; difference: string };
  adjustments: { previous: string; current: string; difference: string };
}

test('a department head reads what changed since last month', async ({ page }) => {
  const month = monthOf(await serverNow(page));
  const last = addMonths(month, -1);
  await signIn(page, radiologyHead, `/statements/${month}/radiology`);
  await expect(page.getByRole('heading', { name: `Radiology: ${monthName(month)}` })).toBeVisible();

  const section = page.getByRole('region', { name: `What changed since ${monthName(last)}` });
  await expect(section.getByRole('heading', { name: `What changed since ${monthName(last)}`, level: 2 })).toBeVisible();
  const changes = (await api(page, radiologyHead, 'GET', `/v1/statements/${month}/radiology/changes`)) as Changes;
  expect(changes.previous_month).toBe(last);

  // Then and now, and the difference, as the API gives them.
  await expect(section.getByRole('definition').nth(0)).toHaveText(money(changes.previous_total));
  await expect(section.getByRole('definition').nth(1)).toHaveText(money(changes.total));
  await expect(section.getByRole('definition').nth(2)).toHaveText(money(changes.difference));

  // The sample data: Radiology's PACS licences began this month, and
  // finance's correction of last month is not repeated.
  const table = section.getByRole('table', { name: 'What changed, by service' });
  const pacs = table.getByRole('row', { name: /PACS viewer licence/ });
  await expect(pacs).toContainText('New this month');
  const corrections = table.getByRole('row', { name: /Corrections by finance/ });
  await expect(corrections).toContainText(money(changes.adjustments.previous));
  await expect(corrections).toContainText(money(changes.adjustments.difference));

  // Each service in the API's order (largest change first), with its figures and why.
  const rows = table.locator('tbody tr');
  for (const [i, item] of changes.items.entries()) {
    const row = rows.nth(i);
    await expect(row.getByRole('rowheader')).toHaveText(item.service_name);
    await expect(row).toContainText(money(item.amount));
    await expect(row).toContainText(money(item.difference));
    if (item.new !== '0.00') await expect(row).toContainText('New this month');
    if (item.ended !== '0.00') await expect(row).toContainText('No longer charged');
    if (item.rate !== '0.00') await expect(row).toContainText(/(Higher|Lower) price/);
    if (item.volume !== '0.00') await expect(row).toContainText(/(More|Fewer) units/);
  }
  await expect(table.locator('tfoot')).toContainText(money(changes.total));
  await expectAccessible(page);
});
