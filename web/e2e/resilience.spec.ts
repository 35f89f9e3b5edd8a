// What a department head sees when the service has a bad moment: a 503
// says to try again and keeps what was typed (the retry is the same
// submission, so it cannot make two requests), and a refused token goes
// back to sign-in.
import { expect, test } from '@playwright/test';
import { api, radiologyHead, signIn } from './people';

test('a 503 says to try again and keeps what was typed; the retry makes one request', async ({ page }) => {
  const before = (await api(page, radiologyHead, 'GET', '/v1/requests?service=backup-storage&limit=200')) as { items: unknown[] };
  await signIn(page, radiologyHead, '/catalog/backup-storage');
  await page.getByLabel(/Quantity/).fill('3');
  await page.getByLabel('Note for IT (optional)').fill('archive for the old PACS');

  const keys: string[] = [];
  await page.route('**/v1/requests', async (route) => {
    keys.push(route.request().headers()['idempotency-key'] ?? '');
    await route.fulfill({
      status: 503,
      headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '1' },
      body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, code: 'unavailable', detail: 'storage is unavailable; try again' }),
    });
  });
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(page.getByRole('alert')).toContainText('Try again in 1 second;');
  await expect(page.getByLabel(/Quantity/)).toHaveValue('3');
  await expect(page.getByLabel('Note for IT (optional)')).toHaveValue('archive for the old PACS');

  await page.unroute('**/v1/requests');
  const sent = page.waitForRequest((r) => r.url().endsWith('/v1/requests') && r.method() === 'POST');
  await page.getByRole('button', { name: 'Submit request' }).click();
  // The retry is the same submission: the same Idempotency-Key.
  expect((await sent).headers()['idempotency-key']).toBe(keys[0]);
  // The request's own page: the create has been answered.
  await expect(page).toHaveURL(/#\/requests\//);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Backup storage');
  const after = (await api(page, radiologyHead, 'GET', '/v1/requests?service=backup-storage&limit=200')) as { items: unknown[] };
  expect(after.items.length).toBe(before.items.length + 1);
});

test('a token the API refuses returns to sign-in and is forgotten', async ({ page }) => {
  await signIn(page, radiologyHead, '/catalog');
  await page.route('**/v1/requests*', (route) =>
    route.fulfill({
      status: 401,
      headers: { 'Content-Type': 'application/problem+json' },
      body: JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthorized', detail: 'the token has expired' }),
    }),
  );
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Requests' }).click();
  await expect(page).toHaveURL(/\/_local\/signin/);
  expect(await page.evaluate(() => sessionStorage.getItem('chargeback.token'))).toBeNull();
});
