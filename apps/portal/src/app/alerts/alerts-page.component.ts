import { ChangeDetectionStrategy, Component } from '@angular/core';
import { AlertsPanelComponent } from './alerts-panel.component';

/** Surgeons and admins: answers worse than expected after surgery, open first, to acknowledge. */
@Component({
  selector: 'stride-alerts-page',
  imports: [AlertsPanelComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .explain {
      color: var(--muted);
      max-width: 52rem;
    }
  `,
  template: `
    <div class="page">
      <div class="page-header">
        <h1>Alerts</h1>
      </div>
      <p class="explain">
        A follow-up answer raises an alert when leg pain is 2 or more points above the patient's baseline, walking distance has
        dropped by 2 or more bands, or the patient is dissatisfied (1 or 2 of 5). Acknowledge an alert once you have seen it and
        decided what to do; the clinic's log records who did.
      </p>
      <section class="card">
        <stride-alerts-panel />
      </section>
    </div>
  `,
})
export class AlertsPageComponent {}
