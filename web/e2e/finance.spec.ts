// Finance's story: post an adjustment (a double click still makes one
// line), see problems next to the fields they name, close a month once it
// is over after a confirmation that says what closing means, and download
// a statement whose sha256 is the checksum the portal shows.
import { expect, test } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { addMonths, expectAccessible, money, monthName, monthOf, serverNow, signInAt } from './months';
import { api, finance, setClock, signIn } from './people';

interface Line { description: string; amount: string }

test('finance posts an adjustment, and a double click makes one line', async ({ page }) => {
  const now = await serverNow(page);
  const month = monthOf(now);
  const description = `Toner refund ${Date.now()}`;
  await signInAt(page, finance, '/adjust', now);
  await expect(page.getByRole('heading', { name: 'Post an adjustment' })).toBeVisible();
  await expectAccessible(page);

  await page.getByLabel('Department').selectOption('radiology');
  await page.getByLabel('Month').fill(month);
  await page.getByLabel('Amount').fill('-12.34');
  await page.getByLabel('Description').fill(description);
  await page.getByLabel('Service (optional)').selectOption({ label: 'PACS viewer licence' });
  await page.getByRole('button', { name: 'Post adjustment' }).dblclick();

  await expect(page.getByText(`Posted ${money('-12.34')} to Radiology for ${monthName(month)}`)).toBeVisible();
  await page.getByRole('link', { name: `Open the Radiology statement for ${monthName(month)}` }).click();
  await expect(page.getByRole('heading', { name: `Radiology: ${monthName(month)}` })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: description })).toHaveCount(1);

  const statement = (await api(page, finance, 'GET', `/v1/statements/${month}/radiology`)) as { lines: Line[] };
  expect(statement.lines.filter((l) => l.description === description).map((l) => l.amount)).toEqual(['-12.34']);
});

test('finance sees each problem next to the field it names', async ({ page }) => {
  const now = await serverNow(page);
  await signInAt(page, finance, '/adjust', now);
  await page.getByLabel('Department').selectOption('pharmacy');
  await page.getByLabel('Amount').fill('10.005');
  await page.getByRole('button', { name: 'Post adjustment' }).click();

  await expect(page.getByLabel('Amount')).toHaveAccessibleDescription(/at most 2 decimals/);
  await expect(page.getByLabel('Description')).toHaveAccessibleDescription(/is required/);
  await expect(page.getByLabel('Amount')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);
});

test('finance closes a month once it is over, and the CSV sha256 is the checksum shown', async ({ page }) => {
  // The month the server is in gets a line, then the clock moves into the next month.
  const month = monthOf(await serverNow(page));
  const name = monthName(month);
  const description = `Cabling correction ${Date.now()}`;
  await api(page, finance, 'POST', '/v1/adjustments', { department: 'radiology', month, amount: '25.00', description });
  const nextMonth = new Date(`${addMonths(month, 1)}-01T09:00:00Z`);
  await setClock(page, nextMonth.toISOString());
  await signInAt(page, finance, '/months', nextMonth);

  await expect(page.getByRole('table', { name: 'The last twelve months' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await expect(page.getByText('(over, not yet closed)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download the journal (CSV)' })).toHaveCount(0);
  await expectAccessible(page);

  // The confirmation says what closing means; Escape changes nothing and gives focus back.
  const opener = page.getByRole('button', { name: 'Close month' });
  await opener.click();
  const dialog = page.getByRole('dialog', { name: `Close ${name}?` });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('recurring lines');
  await expect(dialog).toContainText('frozen, with a checksum');
  await expect(dialog).toContainText('corrections go into a later month');
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await expectAccessible(page);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // Keyboard only: open it again and confirm.
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: `Close ${name}`, exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText(`${name} is closed: on`)).toBeVisible();
  await expect(page.getByText(`by ${finance.sub}`).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Close month' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Download the journal (CSV)' })).toBeVisible();

  // The statement is frozen, and its CSV is the file the checksum names.
  await page.getByRole('link', { name: 'Radiology' }).click();
  await expect(page.getByRole('heading', { name: `Radiology: ${name}` })).toBeVisible();
  await expect(page.getByText('Closed', { exact: true })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: description })).toHaveCount(1);
  const checksum = (await page.locator('code.checksum').textContent())?.trim();
  await expectAccessible(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
  const csv = await readFile(await download.path());
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  expect(checksum).toBe(`sha256:${createHash('sha256').update(csv).digest('hex')}`);
});

test('finance downloads the month list', async ({ page }) => {
  const month = addMonths(monthOf(await serverNow(page)), -1);
  await signIn(page, finance, `/months/${month}`);
  await expect(page.getByRole('table', { name: 'Statements by department' })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: "Download the month's statements (CSV)" }).click(),
  ]);
  expect((await readFile(await download.path(), 'utf8')).split('\n')[0]).toMatch(/department/i);
});
