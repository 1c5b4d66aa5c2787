import { ChangeDetectionStrategy, Component } from '@angular/core';
import { IsActiveMatchOptions, RouterLink, RouterLinkActive } from '@angular/router';

/** The two views of the cohort; the filters travel with the reader between them. */
@Component({
  selector: 'stride-dashboard-tabs',
  imports: [RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    ul {
      display: flex;
      gap: 0.25rem;
      list-style: none;
      margin: 0 0 1rem;
      padding: 0;
      border-bottom: 1px solid var(--border);
    }
    a {
      display: inline-block;
      padding: 0.5rem 0.9rem;
      color: var(--muted);
      font-weight: 600;
      text-decoration: none;
      border-bottom: 3px solid transparent;
      margin-bottom: -1px;
    }
    a:hover {
      color: var(--primary-strong);
    }
    a.active {
      color: var(--primary-strong);
      border-bottom-color: var(--primary);
    }
  `,
  template: `
    <nav class="no-print" aria-label="Dashboard views">
      <ul>
        <li>
          <a routerLink="/dashboard" queryParamsHandling="preserve" routerLinkActive="active"
            [routerLinkActiveOptions]="exactPath" ariaCurrentWhenActive="page">Outcomes by time point</a>
        </li>
        <li>
          <a routerLink="/dashboard/funnel" queryParamsHandling="preserve" routerLinkActive="active" ariaCurrentWhenActive="page">
            Surgeon funnel plot
          </a>
        </li>
      </ul>
    </nav>
  `,
})
export class DashboardTabsComponent {
  protected readonly exactPath: IsActiveMatchOptions = { paths: 'exact', queryParams: 'ignored', fragment: 'ignored', matrixParams: 'ignored' };
}
