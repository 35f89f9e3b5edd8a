// A department head's story: request a service from the catalog, see IT
// deliver it, rate it; change a request and cancel it; and the things that
// go wrong in real use (a double click, a request changed behind their
// back, another department's address).
import { expect, test, type Browser, type Page } from '@playwright/test';
import { api, fulfiller, pharmacyHead, radiologyHead, signIn, type Person } from './people';
import { expectAccessible } from './axe';

interface Req { id: string; version: number; quantity: string; status: string; ended_at?: string }

/** as opens a second browser for another person, the way they would sit at their own desk. */
async function as(browser: Browser, p: Person, path: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signIn(page, p, path);
  return page;
}

/** requestId is the id in the address of a request's page. */
function requestId(page: Page): string {
  return decodeURIComponent(/#\/requests\/([^/?]+)/.exec(page.url())![1]);
}

test('a department head requests report development, IT approves and fulfils it with the actual hours, and the head rates it', async ({ page, browser }) => {
  await signIn(page, radiologyHead, '/catalog');
  await page.getByLabel('Search').fill('report development');
  await page.getByRole('link', { name: 'Report development' }).click();
  await page.getByLabel('Estimated hours').fill('6');
  await expect(page.getByText('Estimated charge:')).toBeVisible();
  await page.getByRole('button', { name: 'Submit request' }).click();

  await expect(page.getByRole('heading', { level: 1, name: /Report development/ })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Submitted');
  const id = requestId(page);
  await expect(page.getByRole('button', { name: 'Cancel request' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  await expectAccessible(page);

  const it = await as(browser, fulfiller, `/requests/${id}`);
  await it.getByRole('button', { name: 'Approve' }).click();
  await expect(it.getByRole('status')).toHaveText('Approved.');
  await it.getByRole('button', { name: 'Mark fulfilled' }).click();
  await it.getByLabel('Actual hours').fill('7.5');
  await it.getByRole('button', { name: 'Record fulfilment' }).click();
  await expect(it.getByRole('heading', { level: 1 })).toContainText('Fulfilled');
  await expect(it.getByRole('table', { name: 'Charges on this request' }).getByRole('row')).toHaveCount(2);
  await expect(it.getByText('Not rated yet')).toBeVisible();
  await it.context().close();

  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Fulfilled');
  await expect(page.getByRole('list', { name: 'History' }).getByRole('listitem')).toHaveCount(3);
  await expect(page.getByText('Actual hours')).toBeVisible();
  await page.getByRole('radio', { name: '5 – Excellent' }).check();
  await page.getByLabel('Comment (optional)').fill('Done a day early.');
  await page.getByRole('button', { name: 'Send rating' }).click();
  await expect(page.getByText('Rated 5 of 5')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send rating' })).toHaveCount(0);
  await expectAccessible(page);
});

test('a department head changes the quantity of a request and then cancels it', async ({ page }) => {
  await signIn(page, radiologyHead, '/catalog/label-wristband-printer');
  await page.getByLabel('Quantity (device)').fill('2');
  await page.getByRole('button', { name: 'Submit request' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Submitted');

  await page.getByRole('button', { name: 'Change quantity or note' }).click();
  await expect(page.getByLabel('Quantity (device)')).toBeFocused();
  await page.getByLabel('Quantity (device)').fill('3');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status')).toHaveText('Saved.');
  await expect(page.getByText('3 devices', { exact: true })).toBeVisible();
  await expect(page.getByText('quantity 2 → 3')).toBeVisible();

  await page.getByRole('button', { name: 'Cancel request' }).click();
  await page.getByLabel('Reason (optional)').fill('Ordered through the vendor after all.');
  await page.getByRole('button', { name: 'Confirm cancellation' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Cancelled');
  await expect(page.getByText('Ordered through the vendor after all.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel request' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Change quantity or note' })).toHaveCount(0);

  await page.getByRole('link', { name: 'Requests', exact: true }).first().click();
  await page.getByLabel('Status').selectOption('cancelled');
  const rows = page.getByRole('table', { name: 'Requests, newest first' }).getByRole('row');
  await expect(rows.filter({ hasNotText: 'Cancelled' })).toHaveCount(1); // only the header: the list is filtered
  await expect(rows.filter({ hasText: 'Label and wristband printer' }).first()).toContainText('Cancelled');
  await expectAccessible(page);
});

test('a department head schedules the end of a subscription for a date, sent as the start of that day', async ({ page }) => {
  const sub = (await api(page, radiologyHead, 'POST', '/v1/requests', { service_id: 'secure-clinical-messaging', quantity: '3' })) as Req;
  await api(page, fulfiller, 'POST', `/v1/requests/${sub.id}/fulfill`);
  await signIn(page, radiologyHead, `/requests/${sub.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Fulfilled');
  await page.getByRole('button', { name: 'End subscription' }).click();
  await page.getByRole('radio', { name: 'On a date' }).check();
  const zone = ((await (await page.request.get('/config.json')).json()) as { time_zone: string }).time_zone;
  const inZone = (t: number | string, o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, ...o }).format(new Date(t));
  const day = inZone(Date.now() + 40 * 86_400_000, { year: 'numeric', month: '2-digit', day: '2-digit' });
  await page.getByLabel('End date').fill(day);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Confirm end' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Ended');
  await expect(page.getByRole('status')).toHaveText('The subscription is ended.');
  const ended = (await api(page, radiologyHead, 'GET', `/v1/requests/${sub.id}`)) as Req;
  // The start of the chosen day in the org's zone: that day's date at midnight there.
  expect(inZone(ended.ended_at!, { year: 'numeric', month: '2-digit', day: '2-digit' })).toBe(day);
  expect(inZone(ended.ended_at!, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })).toBe('00:00');
  await expect(page.getByRole('button', { name: 'End subscription' })).toHaveCount(0);
  await expect(page.getByRole('radio', { name: '4 – Good' })).toBeVisible(); // an ended subscription can be rated
});

test('a double-clicked submit makes exactly one request', async ({ page }) => {
  const count = async () => ((await api(page, radiologyHead, 'GET', '/v1/requests?service=barcode-scanner&limit=200')) as { items: unknown[] }).items.length;
  await signIn(page, radiologyHead, '/catalog/barcode-scanner');
  const before = await count();
  const posts: string[] = [];
  page.on('request', (r) => r.method() === 'POST' && r.url().endsWith('/v1/requests') && posts.push(r.headers()['idempotency-key']));
  await page.getByLabel('Quantity (device)').fill('1');
  await page.getByRole('button', { name: 'Submit request' }).dblclick();
  await expect(page).toHaveURL(/#\/requests\/\w+/);
  await expect(page.getByRole('heading', { level: 1, name: /Barcode scanner/ })).toContainText('Approved'); // no approval needed
  expect(await count()).toBe(before + 1);
  expect(posts).toHaveLength(1);
});

test('a request changed behind the head’s back is shown as it stands now', async ({ page }) => {
  const created = (await api(page, radiologyHead, 'POST', '/v1/requests', { service_id: 'clinical-workstation', quantity: '1' })) as Req;
  await signIn(page, radiologyHead, `/requests/${created.id}`);
  await expect(page.getByText('version 1')).toBeVisible();

  // Someone else in the department changes it meanwhile.
  await api(page, radiologyHead, 'PATCH', `/v1/requests/${created.id}`, { quantity: '4' });

  await page.getByRole('button', { name: 'Change quantity or note' }).click();
  await page.getByLabel('Quantity (device)').fill('2');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('alert')).toContainText('This request changed meanwhile — here it is as it stands now.');
  await expect(page.getByText('version 2')).toBeVisible();
  await expect(page.getByText('4 devices', { exact: true })).toBeVisible();
  const now = (await api(page, radiologyHead, 'GET', `/v1/requests/${created.id}`)) as Req;
  expect(now.quantity).toBe('4');
  await expectAccessible(page);
});

test('a requester who edits the address to another department’s request sees Not found', async ({ page }) => {
  const theirs = (await api(page, radiologyHead, 'POST', '/v1/requests', { service_id: 'shared-mailbox', quantity: '1' })) as Req;
  await signIn(page, pharmacyHead, `/requests/${theirs.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
  await expect(page.getByText('Shared mailbox')).toHaveCount(0);
});

test('a department head sees only their department’s requests, newest first, and pages through a long list', async ({ page }) => {
  const him: Person = { sub: 'e2e.him', name: 'Hal (HIM)', groups: ['requester'], department: 'him' };
  for (let i = 0; i < 26; i++) await api(page, him, 'POST', '/v1/requests', { service_id: 'shared-mailbox', quantity: '1', note: `mailbox ${i}` });
  await signIn(page, him, '/requests');
  await expect(page.getByRole('heading', { level: 1, name: 'Your department’s requests' })).toBeVisible();
  await expect(page.getByLabel('Department')).toHaveCount(0);
  const rows = page.getByRole('table', { name: 'Requests, newest first' }).getByRole('row');
  await expect(rows).toHaveCount(26); // a header and the first page of 25
  await page.getByRole('button', { name: 'Show more' }).click();
  await expect(rows).not.toHaveCount(26);
  expect(await rows.count()).toBeGreaterThanOrEqual(27);
  await expectAccessible(page);
  await page.setViewportSize({ width: 390, height: 844 }); // on a phone each row is a card
  await expectAccessible(page);
});
