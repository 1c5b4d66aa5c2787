import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router } from '@angular/router';
import { PASSWORD_MIN_LENGTH, ROLES, Role, UserView } from '@stride/contracts';
import { AuthService } from '../core/auth/auth.service';
import { formErrorSummary, parseApiError } from '../core/http/api-error';
import { UsersService } from '../data-access/users.service';
import { ROLE_LABELS } from '../shared/labels';
import { AccountsTableComponent } from './accounts-table.component';

type FieldName = 'email' | 'name' | 'role' | 'password';

/** Admin: the clinic's accounts, and a form to add one. */
@Component({
  selector: 'stride-users',
  imports: [ReactiveFormsModule, AccountsTableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="page">
      <div class="page-header"><h1>Users</h1></div>

      <form class="card" [formGroup]="form" (ngSubmit)="submit()" novalidate aria-labelledby="new-user-heading">
        <h2 id="new-user-heading">Add a user</h2>
        <div aria-live="polite">
          @if (created(); as user) {
            <div class="alert alert-ok">{{ user.name }} ({{ roleLabels[user.role] }}) can now sign in.</div>
          }
        </div>
        @if (error(); as message) {
          <div class="alert alert-error" role="alert">{{ message }}</div>
        }
        <div class="form-grid">
          <div class="field">
            <label for="user-name">Name</label>
            <input id="user-name" formControlName="name" autocomplete="off" [attr.aria-invalid]="invalid('name')" aria-describedby="user-name-error" />
            @if (message('name'); as m) { <p class="field-error" id="user-name-error">{{ m }}</p> }
          </div>
          <div class="field">
            <label for="user-email">Email</label>
            <input id="user-email" type="email" formControlName="email" autocomplete="off" [attr.aria-invalid]="invalid('email')" aria-describedby="user-email-error" />
            @if (message('email'); as m) { <p class="field-error" id="user-email-error">{{ m }}</p> }
          </div>
          <div class="field">
            <label for="user-role">Role</label>
            <select id="user-role" formControlName="role" aria-describedby="user-role-error">
              @for (r of roles; track r) { <option [value]="r">{{ roleLabels[r] }}</option> }
            </select>
            @if (message('role'); as m) { <p class="field-error" id="user-role-error">{{ m }}</p> }
          </div>
          <div class="field">
            <label for="user-password">Initial password</label>
            <input id="user-password" type="password" formControlName="password" autocomplete="new-password" [attr.aria-invalid]="invalid('password')" aria-describedby="user-password-hint user-password-error" />
            <p class="muted small" id="user-password-hint">At least {{ minLength }} characters; not a common password or a run like 1234…</p>
            @if (message('password'); as m) { <p class="field-error" id="user-password-error">{{ m }}</p> }
          </div>
        </div>
        <p class="muted small">Researchers only ever see de-identified data.</p>
        <button class="btn" type="submit" [disabled]="busy()">{{ busy() ? 'Saving…' : 'Add user' }}</button>
      </form>

      <div class="card">
        <h2>Accounts</h2>
        @if (listError(); as message) {
          <p class="muted">{{ message }}</p>
        } @else if (users().length === 0) {
          <p class="muted">Loading…</p>
        } @else {
          <stride-accounts-table [users]="users()" [selfId]="auth.user()?.id ?? null" (changed)="onChanged($event)" />
        }
      </div>
    </div>
  `,
})
export class UsersComponent {
  private readonly usersApi = inject(UsersService);
  private readonly router = inject(Router);
  protected readonly auth = inject(AuthService);

  protected readonly roles = ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', Validators.required],
    email: ['', [Validators.required, Validators.email]],
    role: ['surgeon' as Role, Validators.required],
    password: ['', [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH)]],
  });
  protected readonly users = signal<UserView[]>([]);
  protected readonly listError = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly created = signal<UserView | null>(null);
  private readonly serverErrors = signal<Partial<Record<string, string>>>({});
  private readonly submitted = signal(false);

  constructor() {
    this.load();
  }

  protected message(name: FieldName): string | null {
    const server = this.serverErrors()[name];
    if (server) return server;
    const control = this.form.controls[name];
    if (!this.submitted() || control.valid) return null;
    if (control.hasError('email')) return 'Enter a valid email address.';
    if (control.hasError('minlength')) return `At least ${PASSWORD_MIN_LENGTH} characters.`;
    return 'Required.';
  }

  protected invalid(name: FieldName): 'true' | null {
    return this.message(name) ? 'true' : null;
  }

  protected submit(): void {
    this.submitted.set(true);
    this.serverErrors.set({});
    this.error.set(null);
    this.created.set(null);
    if (this.form.invalid) return;
    this.busy.set(true);
    const v = this.form.getRawValue();
    this.usersApi.create({ ...v, email: v.email.trim(), name: v.name.trim() }).subscribe({
      next: (user) => {
        this.busy.set(false);
        this.created.set(user);
        this.submitted.set(false);
        this.form.reset();
        this.load();
      },
      error: (err: unknown) => {
        const parsed = parseApiError(err);
        this.busy.set(false);
        this.serverErrors.set(parsed.fields);
        this.error.set(formErrorSummary(parsed, Object.keys(this.form.controls)));
      },
    });
  }

  /** A changed account replaces its row; an admin who stepped down leaves this admin-only page. */
  protected onChanged(user: UserView): void {
    this.users.update((list) => list.map((u) => (u.id === user.id ? user : u)));
    this.auth.refreshUser(user);
    if (user.id !== this.auth.user()?.id) return;
    // Deactivating yourself ends your own session on the server too.
    if (!user.active) this.auth.forget();
    if (!user.active || user.role !== 'admin') void this.router.navigateByUrl(user.active ? this.auth.homePath() : '/login');
  }

  private load(): void {
    this.usersApi.list().subscribe({
      next: (users) => {
        this.users.set([...users].sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name)));
        this.listError.set(null);
      },
      error: (err: unknown) => this.listError.set(`The user list could not be loaded: ${parseApiError(err).message}`),
    });
  }
}
