// What the finance, leadership and statement stories share: the month the
// server is in, month names as the portal writes them, signing in with the
// browser's clock set to the server's (so "is this month over?" agrees on
// both sides), and the axe check every screen passes.
import { expect, type Page } from '@playwright/test';
import { createHmac } from 'node:crypto';
import type { Person } from './people';

/** serverNow is the local server's clock (the fake one when set). */
export async function serverNow(page: Page): Promise<Date> {
  const res = await page.request.get('/_local/clock');
  expect(res.ok()).toBe(true);
  return new Date(((await res.json()) as { now: string }).now);
}

/** monthOf is the "YYYY-MM" of t in UTC, the local server's default org zone. */
export function monthOf(t: Date): string {
  return t.toISOString().slice(0, 7);
}

/** addMonths moves "YYYY-MM" by n months. */
export function addMonths(m: string, n: number): string {
  const [y, mo] = m.split('-').map(Number);
  return monthOf(new Date(Date.UTC(y, mo - 1 + n, 1)));
}

/** monthName writes "2026-03" as the portal does: "March 2026". */
export function monthName(m: string): string {
  const [y, mo] = m.split('-').map(Number);
  return new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, mo - 1, 1));
}

/** money writes a decimal string as the portal does: "-1250.5" is "−$1,250.50". */
export function money(amount: string): string {
  const n = Number(amount);
  return `${n < 0 ? '−' : ''}$${Math.abs(n).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/**
 * signInAt opens the portal as p with the browser's clock fixed at now, as
 * the server's fake clock is: the token's expiry is counted from whichever
 * clock is later, so neither side thinks it has run out.
 */
export async function signInAt(page: Page, p: Person, path: string, now: Date): Promise<void> {
  await page.clock.setFixedTime(now);
  const exp = Math.floor(Math.max(now.getTime(), Date.now()) / 1000) + 3600;
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const claims: Record<string, unknown> = { sub: p.sub, name: p.name, groups: p.groups, exp };
  if (p.department) claims.department = p.department;
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  const secret = process.env.CHARGEBACK_DEV_JWT_SECRET ?? 'local-dev-secret';
  await page.goto(`/#token=${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.goto(`/#${path}`);
}

/** expectAccessible is the one axe check (axe.ts), here for the stories that import it from this file. */
export { expectAccessible } from './axe';
