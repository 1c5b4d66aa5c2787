import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { screenshotPath } from './browser';

/** The impacts that fail a page: axe's "serious" and "critical" (moderate and minor are reported by axe only). */
const BLOCKING = new Set(['serious', 'critical']);

/**
 * Runs axe (every rule axe enables by default: WCAG 2.x A/AA and best practices) on the page as it
 * is now, and fails on any serious or critical violation, naming the rule and the elements.
 * Call it once the page shows what it is meant to show (data loaded, dialog open...).
 */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const blocking = violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map((violation) => {
      const targets = violation.nodes.slice(0, 4).map((node) => node.target.join(' '));
      return `${name}: ${violation.id} (${violation.impact}) ${violation.help} at ${targets.join(' | ')}`;
    });
  expect(blocking).toEqual([]);
}

/**
 * The page does not scroll sideways at its current viewport width (document scrollWidth <= the
 * viewport's width): nothing sticks out past the
 * right edge (a table may scroll inside its own box). On failure, names the outermost elements
 * that stick out, to say what to fix.
 */
export async function expectNoHorizontalOverflow(page: Page, name: string): Promise<void> {
  // The viewport's width as set, not innerWidth: a mobile browser widens its layout viewport to
  // fit content that overflows (zooming out), which would hide the very overflow looked for.
  const viewport = page.viewportSize()?.width ?? 0;
  const overflow = await page.evaluate((viewportWidth) => {
    const width = viewportWidth || window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    const describe = (el: Element): string =>
      `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.classList.length ? '.' + [...el.classList].join('.') : ''}`;
    const sticking = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 0.5);
    const outermost = sticking.filter((el) => !sticking.includes(el.parentElement as Element)).slice(0, 5);
    return { scrollWidth, innerWidth: width, sticking: outermost.map((el) => `${describe(el)} right=${Math.round(el.getBoundingClientRect().right)}`) };
  }, viewport);
  expect({ name, overflow }).toEqual({ name, overflow: null });
}

/** At a phone's width (390 px by default): no sideways scrolling, axe clean, and a screenshot to look at. */
export async function expectPhoneReady(page: Page, name: string, width = 390): Promise<void> {
  const height = page.viewportSize()?.height ?? 844;
  await page.setViewportSize({ width, height });
  // Layout settles in the next frame after a resize (charts redraw on resize).
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await expectNoHorizontalOverflow(page, `${name} at ${width} px`);
  await expectAccessible(page, `${name} at ${width} px`);
  await page.screenshot({ path: screenshotPath(`a11y-${name}-${width}`), fullPage: true });
}
