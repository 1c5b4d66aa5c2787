import { Injectable, inject } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';

/**
 * "Patients · Stride": each route's title, then the product. Routes without a title (the patient
 * survey) set their own, in the patient's language.
 */
@Injectable()
export class StrideTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const routeTitle = this.buildTitle(snapshot);
    if (routeTitle) this.title.setTitle(`${routeTitle} · Stride`);
  }
}
