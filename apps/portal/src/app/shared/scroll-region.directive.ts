import { Directive, input } from '@angular/core';

/**
 * A box that scrolls sideways on a phone (a wide table) and holds nothing focusable: keyboard users
 * can only scroll it if it takes focus itself (WCAG 2.1.1; axe's scrollable-region-focusable), and
 * a focusable region needs a name for screen readers.
 */
@Directive({
  selector: '[strideScrollRegion]',
  host: { tabindex: '0', role: 'region', '[attr.aria-label]': 'strideScrollRegion()' },
})
export class ScrollRegionDirective {
  readonly strideScrollRegion = input.required<string>();
}
