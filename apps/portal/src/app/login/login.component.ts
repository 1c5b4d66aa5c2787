import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { AuthService } from '../core/auth/auth.service';
import { HttpErrorResponse } from '@angular/common/http';
import { ParsedApiError, formErrorSummary, parseApiError } from '../core/http/api-error';

@Component({
  selector: 'stride-login',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    :host {
      display: grid;
      place-items: center;
      min-height: 100vh;
      padding: 1rem;
    }
    .login {
      width: 100%;
      max-width: 24rem;
    }
    .brand {
      font-size: 2rem;
      font-weight: 700;
      color: var(--primary);
      letter-spacing: -0.02em;
      margin: 0 0 0.25rem;
    }
    form .btn {
      width: 100%;
      margin-top: 0.5rem;
    }
  `,
  template: `
    <main class="login">
      <p class="brand">Stride</p>
      <p class="muted">Outcomes after lumbar decompression</p>
      <div class="card">
        <h1>Sign in</h1>
        @if (signedOut() === 'idle' && !error()) {
          <div class="alert alert-info" role="status">You were signed out because the portal was not used for a while. Please sign in again.</div>
        }
        @if (error(); as message) {
          <div class="alert alert-error" role="alert">{{ message }}</div>
        }
        <form class="stack" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <div class="field">
            <label for="email">Email</label>
            <input
              id="email"
              type="email"
              formControlName="email"
              autocomplete="username"
              [attr.aria-invalid]="showError('email') ? 'true' : null"
              aria-describedby="email-error"
            />
            @if (showError('email')) {
              <p class="field-error" id="email-error">{{ fieldErrors()['email'] ?? 'Enter your email address.' }}</p>
            }
          </div>
          <div class="field">
            <label for="password">Password</label>
            <input
              id="password"
              type="password"
              formControlName="password"
              autocomplete="current-password"
              [attr.aria-invalid]="showError('password') ? 'true' : null"
              aria-describedby="password-error"
            />
            @if (showError('password')) {
              <p class="field-error" id="password-error">{{ fieldErrors()['password'] ?? 'Enter your password.' }}</p>
            }
          </div>
          <button class="btn" type="submit" [disabled]="busy()">{{ busy() ? 'Signing in…' : 'Sign in' }}</button>
        </form>
      </div>
    </main>
  `,
})
export class LoginComponent {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);

  /** Where the visitor was going before being asked to sign in. */
  readonly returnUrl = input<string>();
  /** `idle` when the portal signed the user out after PORTAL_IDLE_MINUTES without activity. */
  readonly signedOut = input<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly fieldErrors = signal<Partial<Record<string, string>>>({});
  private readonly submitted = signal(false);

  protected showError(name: 'email' | 'password'): boolean {
    return (this.submitted() && this.form.controls[name].invalid) || !!this.fieldErrors()[name];
  }

  protected submit(): void {
    this.submitted.set(true);
    this.error.set(null);
    this.fieldErrors.set({});
    if (this.form.invalid) return;
    this.busy.set(true);
    this.auth.login(this.form.getRawValue()).subscribe({
      next: () => void this.router.navigateByUrl(this.safeReturnUrl() ?? this.auth.homePath()),
      error: (err: unknown) => {
        const parsed = parseApiError(err);
        this.busy.set(false);
        this.fieldErrors.set(parsed.fields);
        this.error.set(this.failureMessage(err, parsed));
      },
    });
  }

  private failureMessage(err: unknown, parsed: ParsedApiError): string {
    switch (parsed.code) {
      case 'UNAUTHENTICATED':
        // The API's words: the same for a wrong email or password; a deactivated account is named
        // only to someone who gave its right password.
        return parsed.message;
      case 'RATE_LIMITED': {
        const minutes = Math.max(1, Math.ceil(retryAfterSeconds(err) / 60));
        return `Too many attempts; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`;
      }
      default:
        return formErrorSummary(parsed, ['email', 'password']);
    }
  }

  /** Only same-origin paths: never bounce a freshly signed-in user to another site. */
  private safeReturnUrl(): string | null {
    const url = this.returnUrl();
    return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/login') ? url : null;
  }
}

/** The API's Retry-After on a 429, in seconds; a minute when it is missing. */
function retryAfterSeconds(err: unknown): number {
  const header = err instanceof HttpErrorResponse ? err.headers.get('Retry-After') : null;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 60;
}
