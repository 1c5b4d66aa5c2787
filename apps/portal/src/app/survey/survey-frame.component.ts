import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/** The patient-facing page frame: one calm column, no clinician chrome. */
@Component({
  selector: 'stride-survey-frame',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: block;
      min-height: 100vh;
      background: #fff;
    }
    header {
      border-bottom: 1px solid var(--border);
      background: var(--primary-soft);
    }
    header p {
      max-width: 36rem;
      margin: 0 auto;
      padding: 0.85rem 1rem;
      font-weight: 700;
      color: var(--primary-strong);
      font-size: 1.05rem;
    }
    main {
      max-width: 36rem;
      margin: 0 auto;
      padding: 1.25rem 1rem 4rem;
      font-size: 1.125rem;
    }
  `,
  template: `
    <header>
      <p>{{ brand() }}</p>
    </header>
    <main id="main" tabindex="-1">
      <ng-content />
    </main>
  `,
})
export class SurveyFrameComponent {
  readonly brand = input.required<string>();
}
