import { defineConfig, devices } from '@playwright/test';
import { E2E_ADMIN, E2E_BASE_URL, E2E_PORT, e2eServerEnv } from './fixtures/server';

/**
 * End-to-end tests against the production build (`npm run build` first; `npm test` does it),
 * with Debian's Chromium: Playwright's own browser download cannot work offline.
 */
export default defineConfig({
  testDir: '.',
  fullyParallel: true,
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  use: {
    baseURL: E2E_BASE_URL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
  webServer: {
    command: 'node --conditions=react-server --import tsx lib/cli/start.ts',
    cwd: '..',
    url: `${E2E_BASE_URL}/admin/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: e2eServerEnv({ port: E2E_PORT, admin: E2E_ADMIN }),
  },
});
