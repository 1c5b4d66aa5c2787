import { Routes } from '@angular/router';
import { OptOutPageComponent } from './opt-out-page.component';
import { SurveyNoticeComponent } from './survey-notice.component';
import { SurveyPageComponent } from './survey-page.component';

// The public patient survey. It imports nothing from the clinician features: no shell, no nav,
// no chart code, so the phone downloads only what the survey needs. Titles are set by the pages,
// in the survey's language.
export const surveyRoutes: Routes = [
  { path: ':token', component: SurveyPageComponent },
  { path: ':token/thanks', component: SurveyNoticeComponent, data: { kind: 'thanks' } },
  // The "stop these surveys" link in every message: a page with one button, never a GET that acts.
  { path: ':token/opt-out', component: OptOutPageComponent },
  { path: '**', component: SurveyNoticeComponent, data: { kind: 'notFound' } },
];
