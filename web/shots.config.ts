// The README's screenshots (docs/screens/*.png): Playwright driving Debian's
// Chromium against a running `make run` (PORTAL_URL), never a downloaded
// browser. Not part of make test: run it by hand when a screen changes,
//   cd web && PORTAL_URL=http://127.0.0.1:3000 node node_modules/@playwright/test/cli.js test -c shots.config.ts
// and look at every picture before committing it.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
  ...base,
  testDir: 'shots',
  testMatch: /\.shots\.ts$/,
  projects: undefined,
  use: { ...base.use, viewport: { width: 1280, height: 900 } },
});
