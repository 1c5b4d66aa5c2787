import { provideBrowserGlobalErrorListeners, provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { SurveyAppComponent } from './app/survey/survey-app.component';

// The patient survey, /s/..., as its own small app (survey.html loads only this): no router and
// nothing of the clinician portal, so a phone on a slow line downloads and starts less.
bootstrapApplication(SurveyAppComponent, {
  providers: [provideBrowserGlobalErrorListeners(), provideZonelessChangeDetection()],
}).catch((err: unknown) => console.error(err));
