// The accessibility check every screen's test ends with: axe-core over the
// page as the person sees it (WCAG 2.1 A and AA, and axe's best practices),
// failing on any serious or critical finding.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** expectAccessible fails when axe-core finds a serious or critical violation on the page. */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(bad, 'axe-core serious or critical violations').toEqual([]);
}
