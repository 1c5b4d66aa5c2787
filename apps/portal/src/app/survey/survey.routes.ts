import { Routes } from '@angular/router';
import { SurveyNoticeComponent } from './survey-notice.component';
import { SurveyPageComponent } from './survey-page.component';

// The public patient survey. It imports nothing from the clinician features: no shell, no nav,
// no chart code, so the phone downloads only what the survey needs. Titles are set by the pages,
// in the survey's language.
export const surveyRoutes: Routes = [
  { path: ':token', component: SurveyPageComponent },
  { path: ':token/thanks', component: SurveyNoticeComponent, data: { kind: 'thanks' } },
  { path: '**', component: SurveyNoticeComponent, data: { kind: 'notFound' } },
];
