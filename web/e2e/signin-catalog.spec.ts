// A department head signs in on the local sign-in page, finds a service in
// the catalog and sees what it will cost before requesting it.
import { expect, test } from '@playwright/test';
import { expectAccessible } from './axe';
import { radiologyHead, signIn } from './people';


test('a department head signs in by picking a person and lands on their budget', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/_local\/signin/);
  await page.getByRole('button', { name: 'Requester for Radiology' }).click();
  await expect(page.getByRole('heading', { name: /^Radiology budget, fiscal year \d{4}$/ })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Budget' })).toHaveAttribute('aria-current', 'page');
  // The token left the address as soon as the portal took it.
  expect(page.url()).not.toContain('token=');
  await expectAccessible(page);

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/_local\/signin/);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
});

test('the catalog filters by words and category, and a service shows its estimate before submitting', async ({ page }) => {
  await signIn(page, radiologyHead, '/catalog');
  await page.getByLabel('Search').fill('vpn');
  const services = page.getByRole('list', { name: 'Services' });
  await expect(services.getByRole('listitem')).toHaveCount(1);
  await services.getByRole('link', { name: 'VPN remote access' }).click();

  await expect(page.getByRole('heading', { name: 'VPN remote access' })).toBeVisible();
  await expect(page.getByText('Not needed: work can start at once').or(page.getByText('IT approves the request before work starts'))).toBeVisible();
  const quantity = page.getByLabel(/Quantity/);
  await quantity.fill('12');
  // 12 × $4.50 = $54.00, as the catalog prices VPN access per user per month.
  await expect(page.getByText('Estimated charge:')).toContainText('$54.00');
  await expectAccessible(page);

  await page.goto('/#/catalog');
  await page.getByLabel('Category').selectOption('Network');
  await expect(services.getByRole('listitem').first()).toContainText('Network');
});

test('the portal works at a phone width', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, radiologyHead, '/catalog');
  await expect(page.getByRole('heading', { name: 'Service catalog' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
