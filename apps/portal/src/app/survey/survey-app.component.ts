import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { OptOutPageComponent } from './opt-out-page.component';
import { SurveyLocation } from './survey-location';
import { SurveyNoticeComponent } from './survey-notice.component';
import { SurveyPageComponent } from './survey-page.component';

/**
 * The root of the patient survey app (survey-main.ts; survey.html is the portal's index.html, so
 * the same <stride-root> element): one page per path, chosen from the URL.
 * It imports nothing from the clinician portal: no router, no shell, no chart or data-access code.
 */
@Component({
  selector: 'stride-root',
  imports: [OptOutPageComponent, SurveyNoticeComponent, SurveyPageComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let v = view();
    @switch (v.page) {
      @case ('survey') {
        <stride-survey-page [token]="token()" />
      }
      @case ('thanks') {
        <stride-survey-notice kind="thanks" />
      }
      @case ('optOut') {
        <stride-opt-out-page [token]="token()" />
      }
      @default {
        <stride-survey-notice kind="notFound" />
      }
    }
  `,
})
export class SurveyAppComponent {
  protected readonly view = inject(SurveyLocation).view;
  protected readonly token = computed(() => {
    const v = this.view();
    return 'token' in v ? v.token : '';
  });
}
