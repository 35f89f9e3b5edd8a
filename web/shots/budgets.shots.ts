// The budget screens for the README: a department head's budget (desktop
// and phone), the request form's quote, finance's budgets and the
// forecast, on make run's sample data.
import { expect, test } from '@playwright/test';
import { finance, leadership, radiologyHead, signIn } from '../e2e/people';

const out = (name: string) => `../docs/screens/${name}.png`;

test('budget home', async ({ page }) => {
  await signIn(page, radiologyHead, '/budget');
  await expect(page.getByRole('table', { name: /Open requests/ })).toBeVisible();
  await page.screenshot({ path: out('budget-home') });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: out('budget-home-phone'), fullPage: true });
});

test('quote', async ({ page }) => {
  await signIn(page, radiologyHead, '/catalog/label-wristband-printer');
  await page.getByLabel(/Quantity/).fill('2');
  await expect(page.getByText(/of the fiscal year \d{4} budget/)).toBeVisible();
  await page.getByRole('heading', { name: 'Request this service' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: out('quote') });
});

test('budgets', async ({ page }) => {
  await signIn(page, finance, '/budgets');
  await expect(page.getByRole('table', { name: /Budgets/ })).toBeVisible();
  await page.screenshot({ path: out('budgets') });
});

test('forecast', async ({ page }) => {
  await signIn(page, leadership, '/forecast');
  await expect(page.getByRole('table', { name: /Forecast/ })).toBeVisible();
  await page.screenshot({ path: out('forecast') });
});
