import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject } from 'vitest';
import { type ApiClient, createApiClient } from '@/lib/client/api';
import { CHROMIUM_PATH } from './chromium';

export const BROWSER_TIMEZONE = 'America/Sao_Paulo';
export const USER_TIMEZONE = 'UTC-3';
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-results');

export const baseUrl = () => inject('baseUrl');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox'] });
}

let nextUser = 2_000_000 + Math.floor(Math.random() * 1_000_000) * 100;

export async function tokenFor(userId: number, expiresIn: string | number = '1h'): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(userId))
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(inject('jwtSecret')));
}

export interface User {
  id: number;
  token: string;
  /** The same typed client the page uses, from Node, for setup and for checking what the server holds. */
  api: ApiClient;
}

/** A user nobody else in the run has, with the timezone setting "UTC-3" and the given rate. */
export async function newUser(
  settings: { default_hourly_rate?: number; currency?: string } = {},
): Promise<User> {
  const id = nextUser++;
  const token = await tokenFor(id);
  const api = createApiClient({ baseUrl: baseUrl(), getToken: () => token });
  await api.updateSettings({ timezone: USER_TIMEZONE, ...settings });
  return { id, token, api };
}

export async function newContext(
  browser: Browser,
  viewport = { width: 1280, height: 900 },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    timezoneId: BROWSER_TIMEZONE,
    locale: 'en-US',
    viewport,
    baseURL: baseUrl(),
  });
  context.setDefaultTimeout(20_000);
  return context;
}

/**
 * One browser for the test file, and a fresh context per test (closed after
 * it): `openPage()` gives the test's page.
 */
export function useBrowser() {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
  });
  return {
    async openPage(): Promise<Page> {
      context = await newContext(browser!);
      return context.newPage();
    },
  };
}

/** Opens the page and signs in as a person does: pasting the token. */
export async function signIn(page: Page, user: User) {
  await page.goto('/time-tracking');
  await page.getByLabel('Access token').fill(user.token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Timer' }).waitFor();
  await page.getByRole('button', { name: /^(Start|Stop) timer$/ }).waitFor();
}

/** Waits until the locator's text (trimmed) is the expected one. */
export async function expectText(locator: Locator, expected: string | RegExp, timeout = 15_000) {
  const read = async () => ((await locator.textContent({ timeout })) ?? '').trim();
  if (typeof expected === 'string') await expect.poll(read, { timeout }).toBe(expected);
  else await expect.poll(read, { timeout }).toMatch(expected);
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, name), fullPage: true });
}

/** "1:02:03" → 3723. */
export function parseElapsed(text: string): number {
  const [h, m, s] = text.trim().split(':').map(Number) as [number, number, number];
  return h * 3600 + m * 60 + s;
}
