import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';

/**
 * "Patients · Stride": each route's title, then the product. (The patient survey is its own app,
 * survey-main.ts, and sets its title in the patient's language.)
 */
@Injectable()
export class StrideTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const routeTitle = this.buildTitle(snapshot);
    if (routeTitle) this.title.setTitle(`${routeTitle} · Stride`);
  }
}
