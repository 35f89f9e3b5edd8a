// The people the browser tests sign in as, and how: a dev token signed
// with the local server's secret, handed to the portal the way the local
// sign-in page hands it over (/#token=…). The sign-in page itself has its
// own test.
import type { Page } from '@playwright/test';
import { createHmac } from 'node:crypto';

export interface Person {
  sub: string;
  name: string;
  groups: string[];
  department?: string;
}

export const radiologyHead: Person = { sub: 'e2e.radiology', name: 'Dana (Radiology)', groups: ['requester'], department: 'radiology' };
export const pharmacyHead: Person = { sub: 'e2e.pharmacy', name: 'Pat (Pharmacy)', groups: ['requester'], department: 'pharmacy' };
export const fulfiller: Person = { sub: 'e2e.it', name: 'Sam (IT)', groups: ['fulfiller'] };
export const finance: Person = { sub: 'e2e.finance', name: 'Fran (Finance)', groups: ['finance'] };
export const leadership: Person = { sub: 'e2e.lead', name: 'Lou (Leadership)', groups: ['leadership'] };

const secret = process.env.CHARGEBACK_DEV_JWT_SECRET ?? 'local-dev-secret';

/** token mints the HS256 dev token the local server accepts for p. */
export function token(p: Person): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const claims: Record<string, unknown> = { sub: p.sub, name: p.name, groups: p.groups, exp: Math.floor(Date.now() / 1000) + 3600 };
  if (p.department) claims.department = p.department;
  const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** signIn opens the portal as p, at path (a hash route such as "/catalog"). */
export async function signIn(page: Page, p: Person, path = '/'): Promise<void> {
  await page.goto(`/#token=${token(p)}`);
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  if (path !== '/') await page.goto(`/#${path}`);
}

/** api calls the API as p from the test (for setting up state a story does not show). */
export async function api(page: Page, p: Person, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await page.request.fetch(path, {
    method,
    headers: { Authorization: `Bearer ${token(p)}`, 'Content-Type': 'application/json' },
    data: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
  return res.json();
}

/** setClock sets the local server's fake clock (CHARGEBACK_FAKE_CLOCK=1). */
export async function setClock(page: Page, now: string): Promise<void> {
  const res = await page.request.put('/_local/clock', { data: { now } });
  if (!res.ok()) throw new Error(`PUT /_local/clock: ${res.status()}`);
}
