import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'stride-not-found',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      <div class="card">
        <h1>Page not found</h1>
        <p class="muted">There is no page at this address.</p>
        <a class="btn" routerLink="/">Go to the start page</a>
      </div>
    </div>
  `,
})
export class NotFoundComponent {}
