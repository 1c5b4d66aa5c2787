import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterOutlet } from '@angular/router';

/** The root only hosts the router: the clinician shell and the sign-in page are separate lazy trees (the patient survey is its own app, survey-main.ts). */
@Component({
  selector: 'stride-root',
  imports: [RouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: '<router-outlet />',
})
export class AppComponent {}
