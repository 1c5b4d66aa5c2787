import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, effect, inject, signal } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { Role } from '@stride/contracts';
import { AuthService } from '../core/auth/auth.service';
import { IdleSignOut } from '../core/auth/idle-sign-out';
import { AlertsService } from '../data-access/alerts.service';
import { ROLE_LABELS } from '../shared/labels';

interface NavItem {
  path: string;
  label: string;
  roles: Role[];
  /** Shows the count of open alerts beside the label. */
  alertBadge?: boolean;
}

// The API enforces access; the nav only shows each role what it can use.
const NAV: NavItem[] = [
  { path: '/worklist', label: 'Worklist', roles: ['admin', 'surgeon'] },
  { path: '/patients', label: 'Patients', roles: ['admin', 'surgeon'] },
  { path: '/alerts', label: 'Alerts', roles: ['admin', 'surgeon'], alertBadge: true },
  { path: '/enroll', label: 'Enroll', roles: ['admin'] },
  { path: '/import', label: 'Import', roles: ['admin'] },
  { path: '/dashboard', label: 'Dashboard', roles: ['admin', 'surgeon', 'researcher'] },
  { path: '/delivery', label: 'Delivery', roles: ['admin'] },
  { path: '/messages', label: 'Messages', roles: ['admin'] },
  { path: '/users', label: 'Users', roles: ['admin'] },
  { path: '/audit', label: 'Audit', roles: ['admin'] },
  { path: '/export', label: 'Export', roles: ['admin', 'researcher'] },
];

/** The clinician frame: header, role-aware nav and the signed-in user. Never used by the survey. */
@Component({
  selector: 'stride-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .skip {
      position: absolute;
      left: 0.5rem;
      top: -3rem;
      background: #fff;
      padding: 0.5rem 0.75rem;
      border-radius: 6px;
      z-index: 10;
    }
    .skip:focus {
      top: 0.5rem;
    }
    header {
      background: var(--surface);
      border-bottom: 1px solid var(--border);
    }
    .bar {
      max-width: 72rem;
      margin: 0 auto;
      padding: 0.5rem 1rem;
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.5rem 1rem;
    }
    .brand {
      font-size: 1.35rem;
      font-weight: 700;
      color: var(--primary);
      text-decoration: none;
      letter-spacing: -0.02em;
    }
    nav ul {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem;
      list-style: none;
      margin: 0;
      padding: 0;
    }
    nav a {
      display: inline-block;
      padding: 0.45rem 0.65rem;
      border-radius: 6px;
      color: var(--text);
      text-decoration: none;
      font-weight: 500;
    }
    nav a:hover {
      background: var(--primary-soft);
    }
    nav a.active {
      background: var(--primary-soft);
      color: var(--primary-strong);
      font-weight: 700;
    }
    .badge {
      display: inline-block;
      min-width: 1.35rem;
      margin-left: 0.3rem;
      padding: 0 0.4rem;
      border-radius: 999px;
      background: var(--warn);
      color: #fff;
      font-size: 0.75rem;
      font-weight: 700;
      line-height: 1.35rem;
      text-align: center;
    }
    .user {
      margin-left: auto;
      display: flex;
      align-items: center;
      gap: 0.75rem;
      font-size: 0.925rem;
    }
    .role {
      display: inline-block;
      padding: 0 0.45rem;
      border-radius: 999px;
      background: var(--neutral-bg);
      color: var(--neutral);
      font-size: 0.8rem;
      font-weight: 600;
      margin-left: 0.35rem;
    }
  `,
  template: `
    <a class="skip no-print" href="#main">Skip to main content</a>
    <header class="no-print">
      <div class="bar">
        <a class="brand" routerLink="/">Stride</a>
        <nav aria-label="Main">
          <ul>
            @for (item of nav(); track item.path) {
              <li>
                <a [routerLink]="item.path" routerLinkActive="active" ariaCurrentWhenActive="page"
                  >{{ item.label }}@if (item.alertBadge && openAlerts(); as n) {<span class="badge" data-testid="alert-badge"
                      ><span class="visually-hidden">: </span>{{ n }}<span class="visually-hidden"> open</span></span
                    >}</a
                >
              </li>
            }
          </ul>
        </nav>
        @if (auth.user(); as user) {
          <div class="user">
            <span
              ><strong>{{ user.name }}</strong><span class="role">{{ roleLabel() }}</span></span
            >
            <button class="btn btn-secondary btn-small" type="button" [disabled]="signingOut()" (click)="signOut()">
              {{ signingOut() ? 'Signing out…' : 'Sign out' }}
            </button>
          </div>
        }
      </div>
    </header>
    <main id="main" tabindex="-1">
      <router-outlet />
    </main>
  `,
})
export class ShellComponent {
  protected readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  protected readonly nav = computed(() => {
    const role = this.auth.role();
    return role ? NAV.filter((item) => item.roles.includes(role)) : [];
  });
  protected readonly signingOut = signal(false);
  private readonly alerts = inject(AlertsService);
  protected readonly openAlerts = this.alerts.openCount;
  protected readonly roleLabel = computed(() => {
    const role = this.auth.role();
    return role ? ROLE_LABELS[role] : '';
  });

  constructor() {
    // The clinician pages are English; a patient survey opened earlier in this tab may have set "es".
    inject(DOCUMENT).documentElement.lang = 'en';
    effect(() => {
      if (this.auth.hasRole('admin', 'surgeon')) this.alerts.refreshCount();
    });
    inject(IdleSignOut).start(inject(DestroyRef));
  }

  protected signOut(): void {
    this.signingOut.set(true);
    this.auth.signOut().subscribe({
      complete: () => {
        this.signingOut.set(false);
        void this.router.navigateByUrl('/login');
      },
    });
  }
}
