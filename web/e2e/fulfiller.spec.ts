// IT's story: work the queue (overdue first), approve and start from it,
// fulfil hourly work with the actual hours, reject with a reason; and
// finance, who reads requests but changes none.
import { expect, test, type Page } from '@playwright/test';
import { api, finance, fulfiller, setClock, signIn, type Person } from './people';
import { expectAccessible } from './axe';

const cardiologyHead: Person = { sub: 'e2e.cardiology', name: 'Cam (Cardiology)', groups: ['requester'], department: 'cardiology' };

interface Req { id: string; version: number; status: string; created_at: string }

/** queueRow is the queue's row of one request: the row whose link opens it. */
function queueRow(page: Page, r: Req) {
  return page
    .getByRole('table', { name: 'Open requests, overdue first' })
    .getByRole('row')
    .filter({ has: page.locator(`a[href$="/requests/${r.id}"]`) });
}

test('an overdue request comes first in the queue; IT starts it there and records the actual hours on its page', async ({ page }) => {
  const r = (await api(page, cardiologyHead, 'POST', '/v1/requests', { service_id: 'after-hours-support', quantity: '3' })) as Req;
  expect(r.status).toBe('approved'); // after-hours support needs no approval
  try {
    await setClock(page, new Date(Date.parse(r.created_at) + 5 * 3_600_000).toISOString().replace('.000Z', 'Z'));
    await signIn(page, fulfiller, '/queue');
    const rows = page.getByRole('table', { name: 'Open requests, overdue first' }).getByRole('row');
    await expect(rows.nth(1)).toContainText('Overdue');
    const row = queueRow(page, r);
    await expect(row).toContainText('Overdue');
    await expectAccessible(page);
    await page.setViewportSize({ width: 390, height: 844 }); // on a phone each row is a card
    await expectAccessible(page);
    await page.setViewportSize({ width: 1280, height: 720 });

    await row.getByRole('button', { name: 'Start' }).click();
    await expect(page.getByRole('status')).toContainText('Started: After-hours on-call support for Cardiology');
    await expect(row).toContainText('In progress');
    await row.getByRole('link', { name: 'Fulfil…' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toContainText('In progress');
    await page.getByRole('button', { name: 'Mark fulfilled' }).click();
    await page.getByRole('button', { name: 'Record fulfilment' }).click();
    await expect(page.getByLabel('Actual hours')).toHaveAccessibleDescription(/is required for an hourly service/);
    await page.getByLabel('Actual hours').fill('4.5');
    await page.getByRole('button', { name: 'Record fulfilment' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Fulfilled');
    await expect(page.getByRole('table', { name: 'Charges on this request' })).toContainText('Charge');
    await expectAccessible(page);
  } finally {
    await setClock(page, '');
    const left = (await api(page, fulfiller, 'GET', `/v1/requests/${r.id}`)) as Req;
    if (left.status !== 'fulfilled') await api(page, fulfiller, 'POST', `/v1/requests/${r.id}/cancel`, { reason: 'test over' });
  }
});

test('IT approves from the queue, and a request approved meanwhile by someone else is shown as it stands', async ({ page }) => {
  const first = (await api(page, cardiologyHead, 'POST', '/v1/requests', { service_id: 'network-drop', quantity: '2' })) as Req;
  const second = (await api(page, cardiologyHead, 'POST', '/v1/requests', { service_id: 'medical-device-onboarding', quantity: '1' })) as Req;
  await signIn(page, fulfiller, '/queue');
  const drop = queueRow(page, first);
  const onboarding = queueRow(page, second);
  await drop.getByRole('button', { name: 'Approve' }).click();
  await expect(drop).toContainText('Approved');
  await expect(drop.getByRole('button', { name: 'Start' })).toBeVisible();

  // A colleague approves the other one from their own screen.
  await api(page, fulfiller, 'POST', `/v1/requests/${second.id}/approve`);
  await onboarding.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status')).toContainText('changed meanwhile');
  await expect(onboarding).toContainText('Approved');
  await expect(onboarding.getByRole('button', { name: 'Start' })).toBeVisible();

  for (const r of [first, second]) await api(page, fulfiller, 'POST', `/v1/requests/${r.id}/cancel`, { reason: 'test over' });
  await expect(drop).toHaveCount(1); // the page is not reloaded by itself
});

test('rejecting a request needs a reason, and the department sees it', async ({ page }) => {
  const r = (await api(page, cardiologyHead, 'POST', '/v1/requests', { service_id: 'data-extract', quantity: '1' })) as Req;
  await signIn(page, fulfiller, `/requests/${r.id}`);
  await expect(page.getByRole('button', { name: 'Change quantity or note' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Reject' }).click();
  await expect(page.getByLabel('Reason')).toBeFocused();
  await page.getByRole('button', { name: 'Confirm rejection' }).click();
  await expect(page.getByLabel('Reason')).toHaveAccessibleDescription(/is required to reject a request/);
  await page.getByLabel('Reason').fill('Use the self-service report library instead.');
  await page.getByRole('button', { name: 'Confirm rejection' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Rejected');
  await expect(page.getByRole('list', { name: 'History' })).toContainText('Use the self-service report library instead.');
  await expect(page.getByRole('heading', { name: 'What you can do' })).toHaveCount(0);
  await expectAccessible(page);
});

test('IT works by keyboard alone: approve and start from a request’s page', async ({ page }) => {
  const r = (await api(page, cardiologyHead, 'POST', '/v1/requests', { service_id: 'clinical-workstation', quantity: '1' })) as Req;
  await signIn(page, fulfiller, `/requests/${r.id}`);
  await tabTo(page, 'Approve');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Approved');
  await tabTo(page, 'Start work');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('In progress');
  await tabTo(page, 'Cancel request');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Reason (optional)')).toBeFocused();
  await page.keyboard.type('Bought from the vendor.');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Confirm cancellation' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Cancelled');
});

test('finance reads every department’s requests, filtered by department, and is offered no action', async ({ page }) => {
  const r = (await api(page, cardiologyHead, 'POST', '/v1/requests', { service_id: 'voip-desk-phone', quantity: '1' })) as Req;
  await signIn(page, finance, '/requests');
  await page.getByLabel('Department').selectOption('cardiology');
  const rows = page.getByRole('table', { name: 'Requests, newest first' }).getByRole('row');
  // Wait for the filtered list itself: the unfiltered one also starts with
  // this request (the newest), so its first row proves nothing. Only the
  // header row names no department.
  await expect(rows.filter({ hasNotText: 'Cardiology' })).toHaveCount(1);
  // Requests made within one second (the API's time resolution) may list in
  // either order, so find this one by its link rather than its position.
  const mine = rows.filter({ has: page.locator(`a[href$="/requests/${r.id}"]`) });
  await expect(mine).toContainText('VoIP desk phone');
  await expectAccessible(page);
  await mine.getByRole('link', { name: 'VoIP desk phone' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('VoIP desk phone');
  await expect(page.getByText(`Request ${r.id}`)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What you can do' })).toHaveCount(0);
  await api(page, fulfiller, 'POST', `/v1/requests/${r.id}/cancel`);
});

/** tabTo presses Tab until the button named name has the focus, as a keyboard user would. */
async function tabTo(page: Page, name: string): Promise<void> {
  const target = page.getByRole('button', { name, exact: true });
  for (let i = 0; i < 40; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached the ${name} button`);
}
