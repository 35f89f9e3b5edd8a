// Leadership's story: read the service and department reports over a month
// range, change the range, and see the chart and the tables agree; sort by
// keyboard; download the reports; look through the months.
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { addMonths, expectAccessible, money, monthName, monthOf } from './months';
import { leadership, signIn } from './people';

const browserMonth = monthOf(new Date());

/** plotted reads the services the chart draws from its bubbles' titles. */
function plotted(svg: string): { name: string; perRequest: string; score: string; requests: number }[] {
  const re = /<title>([^<]+): ([\d.]+) USD per request, satisfaction ([\d.]+) of 5, (\d+) requests?<\/title>/g;
  return [...svg.matchAll(re)].map((m) => ({ name: unescapeXML(m[1]), perRequest: m[2], score: m[3], requests: Number(m[4]) }));
}

function unescapeXML(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

test('leadership changes the month range and the chart and tables agree', async ({ page }) => {
  await signIn(page, leadership, '/reports');
  const from = addMonths(browserMonth, -2);
  await expect(page.getByRole('table', { name: `Services, ${monthName(from)} to ${monthName(browserMonth)}` })).toBeVisible();
  await expectAccessible(page);

  // The range this story looks at: last month and this one.
  const newFrom = addMonths(browserMonth, -1);
  await page.getByLabel('From').fill(newFrom);
  await page.getByLabel('To').fill(browserMonth);
  await page.getByRole('button', { name: 'Show' }).click();
  const span = `${monthName(newFrom)} to ${monthName(browserMonth)}`;
  const services = page.getByRole('table', { name: `Services, ${span}` });
  await expect(services).toBeVisible();
  await expect(page.getByRole('table', { name: `Departments, ${span}` })).toBeVisible();

  // The chart shows the same range, and every service it plots has the table's figures.
  const chart = page.getByRole('img', { name: new RegExp(`Cost and satisfaction by service, ${newFrom} to ${browserMonth}`) });
  await expect(chart).toBeVisible();
  const src = (await chart.getAttribute('src')) ?? '';
  const prefix = 'data:image/svg+xml;charset=utf-8,';
  expect(src.startsWith(prefix)).toBe(true);
  const svg = decodeURIComponent(src.slice(prefix.length));
  const bubbles = plotted(svg);
  expect(bubbles.length).toBeGreaterThan(0);
  for (const b of bubbles) {
    const row = services.getByRole('row').filter({ has: page.getByRole('cell', { name: b.name, exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(`${b.score} of 5`);
    // The chart plots the charge the table shows, spread over the requests it counts.
    const charged = Number(((await row.getByRole('cell').nth(4).textContent()) ?? '').replace(/[^\d.−-]/g, '').replace('−', '-'));
    expect(Math.abs(charged / b.requests - Number(b.perRequest))).toBeLessThanOrEqual(0.01);
    if (b.requests === 1) await expect(row.getByRole('cell').nth(4)).toHaveText(money(b.perRequest));
  }
  await expect(services.locator('tfoot')).toContainText('All services');
});

test('leadership sorts a report by keyboard and downloads it', async ({ page }) => {
  await signIn(page, leadership, '/reports');
  const services = page.getByRole('table', { name: /^Services,/ });
  await expect(services).toBeVisible();
  await expect(services.getByRole('columnheader', { name: /Charged/ })).toHaveAttribute('aria-sort', 'descending');

  await services.getByRole('button', { name: 'Avg score' }).focus();
  await page.keyboard.press('Enter');
  await expect(services.getByRole('columnheader', { name: /Avg score/ })).toHaveAttribute('aria-sort', 'descending');
  // Nothing measured sorts last and shows "—", never 0.
  await expect(services.locator('tbody tr').last().getByRole('cell').nth(6)).toHaveText('—');

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download service report (CSV)' }).click()]);
  expect((await readFile(await csv.path(), 'utf8')).split('\n')[0]).toMatch(/service/i);
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download chart (SVG)' }).click()]);
  expect(await readFile(await svg.path(), 'utf8')).toContain('<svg');
});

test('leadership looks through the months and a month’s statements', async ({ page }) => {
  await signIn(page, leadership, '/months');
  await expect(page.getByRole('table', { name: 'The last twelve months' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: monthName(addMonths(browserMonth, -1)), exact: true }).click();
  await expect(page.getByRole('table', { name: 'Statements by department' })).toBeVisible();
  // Closing and downloads are finance's.
  await expect(page.getByRole('button', { name: 'Close month' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Download/ })).toHaveCount(0);
  await expectAccessible(page);
});
