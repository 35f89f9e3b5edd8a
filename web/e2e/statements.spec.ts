// A department head's statements: this month first, step back a month,
// open a statement; editing the address to another department's statement
// shows "Not found", and a month that has not begun shows the API's problem.
import { expect, test } from '@playwright/test';
import { addMonths, expectAccessible, monthName, monthOf, serverNow } from './months';
import { pharmacyHead, radiologyHead, signIn } from './people';

const browserMonth = monthOf(new Date());

test('a department head steps through their statements and opens one', async ({ page }) => {
  await signIn(page, radiologyHead, '/statements');
  await expect(page.getByRole('heading', { name: 'Statements', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Month')).toHaveValue(browserMonth);
  await expect(page.getByRole('button', { name: 'Next month ›' })).toBeDisabled();
  // Whether finance has closed it yet depends on the stories before; either way it says so.
  await expect(page.getByText(/^(Preview, not final|Closed)$/)).toBeVisible();
  await expectAccessible(page);

  const last = addMonths(browserMonth, -1);
  await page.getByRole('button', { name: '‹ Previous month' }).click();
  await expect(page.getByLabel('Month')).toHaveValue(last);
  await expect(page.getByRole('heading', { name: monthName(last), level: 2 })).toBeVisible();
  await page.getByRole('link', { name: `Open the statement for ${monthName(last)}` }).click();

  await expect(page.getByRole('heading', { name: `Radiology: ${monthName(last)}` })).toBeVisible();
  await expect(page.getByRole('table', { name: /^Lines/ })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download CSV' })).toBeVisible();
  await expectAccessible(page);

  // The last twelve months are links too, by keyboard.
  await page.getByRole('link', { name: 'Statements', exact: true }).first().click();
  const thisMonth = page.getByRole('link', { name: monthName(browserMonth), exact: true });
  await thisMonth.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: `Radiology: ${monthName(browserMonth)}` })).toBeVisible();
  await expect(page.getByText(/^(Preview, not final|Closed)$/)).toBeVisible();
});

test("a department head who edits the address to another department's statement sees Not found", async ({ page }) => {
  await signIn(page, pharmacyHead, `/statements/${browserMonth}/pharmacy`);
  await expect(page.getByRole('heading', { name: `Pharmacy: ${monthName(browserMonth)}` })).toBeVisible();

  await page.goto(`/#/statements/${browserMonth}/radiology`);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await expect(page.getByText('Radiology')).toHaveCount(0);
  await expectAccessible(page);
});

test('a month that has not begun shows why there is no statement', async ({ page }) => {
  const future = addMonths(monthOf(await serverNow(page)), 1);
  await signIn(page, radiologyHead, `/statements/${future}/radiology`);
  await expect(page.getByRole('alert')).toContainText('is after the current month');
});
