// Inquiries: a department head who does not recognise a line asks finance
// about it before the month is closed; finance credits part of it, and the
// credit shows on the statement. Another question is withdrawn. Every
// inquiry these stories open is answered or withdrawn, so finance's close
// (which runs after them) meets none.
import { expect, type Page } from '@playwright/test';
import { test } from '@playwright/test';
import { expectAccessible } from './axe';
import { monthOf, serverNow } from './months';
import { api, finance, fulfiller, radiologyHead, signIn } from './people';

interface Line { line_id: string; amount: string; description: string }

/** chargedLine files and fulfils a one-time request for Radiology and returns its charge line. */
async function chargedLine(page: Page, month: string): Promise<Line> {
  const r = (await api(page, radiologyHead, 'POST', '/v1/requests', { service_id: 'barcode-scanner', quantity: '1' })) as { id: string };
  await api(page, fulfiller, 'POST', `/v1/requests/${r.id}/fulfill`, {});
  const st = (await api(page, finance, 'GET', `/v1/statements/${month}/radiology`)) as { lines: Line[] };
  const line = st.lines.find((l) => l.line_id === `${r.id}-charge`);
  if (!line) throw new Error(`no charge line for ${r.id}`);
  return line;
}

test('a department head asks about a line, finance credits part of it, and the credit shows on the statement', async ({ page, browser }) => {
  const month = monthOf(await serverNow(page));
  const line = await chargedLine(page, month);

  await signIn(page, radiologyHead, `/statements/${month}/radiology`);
  await page.getByRole('button', { name: `Ask about this line: ${line.line_id}` }).click();
  const form = page.getByRole('form', { name: `Ask about line ${line.line_id}` });
  await form.getByLabel('Amount you believe is wrong (optional)').fill('99999');
  await form.getByLabel('What looks wrong').fill('We returned one of these scanners the day it came.');
  await form.getByRole('button', { name: 'Send the question' }).click();
  await expect(form.getByText(/may be at most the line's amount/)).toBeVisible();
  await form.getByLabel('Amount you believe is wrong (optional)').fill('10.00');
  await form.getByRole('button', { name: 'Send the question' }).click();
  const row = page.getByRole('row').filter({ hasText: line.line_id });
  await expect(row.getByRole('link', { name: 'Asked, waiting for finance' })).toBeVisible();
  await expectAccessible(page);

  // Finance, in a browser of its own.
  const finContext = await browser.newContext();
  const fin = await finContext.newPage();
  await signIn(fin, finance, '/inquiries/open');
  const answer = fin.getByRole('form').filter({ hasText: line.line_id });
  await expect(answer.getByText('We returned one of these scanners the day it came.')).toBeVisible();
  await expect(answer.getByLabel('Credit amount')).toHaveValue('10.00');
  await answer.getByLabel('Credit amount').fill('7.50');
  await answer.getByRole('button', { name: 'Credit and answer' }).click();
  await expect(answer.locator('.field-error')).toContainText('is required');
  await answer.getByLabel('Note to the department').fill('One scanner came back on the first day; crediting it.');
  await answer.getByRole('button', { name: 'Credit and answer' }).click();
  await expect(fin.getByText(/Answered the radiology inquiry about line/)).toContainText('Credited $7.50');
  await expectAccessible(fin);
  await finContext.close();

  await page.reload();
  const credit = page.getByRole('row').filter({ hasText: `Credit for line ${line.line_id}` });
  await expect(credit).toContainText('−$7.50');
  await expect(page.getByRole('row').filter({ has: page.getByRole('button', { name: `Ask about this line: ${line.line_id}` }) }).getByRole('link', { name: 'Answered' })).toBeVisible();

  await page.getByRole('link', { name: 'Inquiries', exact: true }).click();
  const mine = page.getByRole('row').filter({ hasText: line.line_id });
  await expect(mine).toContainText('Credited $7.50');
  await expect(mine).toContainText('One scanner came back on the first day');
  await expectAccessible(page);
});

test('a department head withdraws a question', async ({ page }) => {
  const month = monthOf(await serverNow(page));
  const line = await chargedLine(page, month);
  await api(page, radiologyHead, 'POST', '/v1/inquiries', { month, line_id: line.line_id, reason: 'Is this the one Sam set up?' });

  await signIn(page, radiologyHead, '/inquiries');
  const row = page.getByRole('row').filter({ hasText: line.line_id });
  await expect(row).toContainText('Asked, waiting for finance');
  await row.getByRole('button', { name: `Withdraw the inquiry about line ${line.line_id}` }).click();
  await expect(row).toContainText('Withdrawn');
  await expect(row.getByRole('button')).toHaveCount(0);
  await expectAccessible(page);
});
