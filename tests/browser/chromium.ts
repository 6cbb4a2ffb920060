// Debian's Chromium: `npx playwright install` cannot download here.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
