// The portal's browser tests: Debian's Chromium (never a downloaded
// browser), against the server PORTAL_URL names (the Go test that runs
// them starts `make run`'s server on a memory table with the fake clock).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  // Finance's story closes a month after moving the server's fake clock into
  // the next one, for good (a closed month never reopens): it runs after
  // every other story, which all work in the month the server is in.
  projects: [
    { name: 'stories', testIgnore: /finance\.spec\.ts/ },
    { name: 'close', testMatch: /finance\.spec\.ts/, dependencies: ['stories'] },
  ],
  use: {
    baseURL: process.env.PORTAL_URL ?? 'http://127.0.0.1:3000',
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
    trace: 'off',
  },
});
