import { ChangeDetectionStrategy, Component, inject, input, output, signal, viewChild } from '@angular/core';
import { ROLES, Role, UpdateUserRequest, UserView } from '@stride/contracts';
import { parseApiError } from '../core/http/api-error';
import { UsersService } from '../data-access/users.service';
import { ConfirmDialogComponent } from '../shared/confirm-dialog.component';
import { PasswordResetDialogComponent } from './password-reset-dialog.component';
import { ROLE_LABELS } from '../shared/labels';

/**
 * Admin: the clinic's accounts, with a role change, (de)activation and a password reset per row. Each
 * applies at once: the API reads the role on every request and ends the user's sessions on a
 * deactivation or a new password.
 */
@Component({
  selector: 'stride-accounts-table',
  imports: [ConfirmDialogComponent, PasswordResetDialogComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .role-cell {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.4rem;
    }
    select {
      min-height: 2rem;
      min-width: 7.5rem;
    }
    tr.inactive td:not(:last-child) {
      color: var(--muted);
    }
    /* On a phone the table scrolls inside its wrapper rather than squeezing the buttons. */
    .access {
      display: flex;
      gap: 0.4rem;
      white-space: nowrap;
    }
  `,
  template: `
    <div aria-live="polite">
      @if (notice(); as message) {
        <div class="alert alert-ok">{{ message }}</div>
      }
    </div>
    @if (error(); as message) {
      <div class="alert alert-error" role="alert">{{ message }}</div>
    }
    <div class="table-wrap">
      <table class="data">
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Access</th></tr>
        </thead>
        <tbody>
          @for (u of users(); track u.id) {
            <tr [class.inactive]="!u.active">
              <td>{{ u.name }} @if (u.id === selfId()) { <span class="muted small">(you)</span> }</td>
              <td>{{ u.email }}</td>
              <td>
                <div class="role-cell">
                  <select #role [attr.aria-label]="'Role of ' + u.name" [disabled]="busy() !== null" (change)="chosen.set({ id: u.id, role: $any(role.value) })">
                    @for (r of roles; track r) { <option [value]="r" [selected]="r === u.role">{{ roleLabels[r] }}</option> }
                  </select>
                  @if (chosen()?.id === u.id && chosen()?.role !== u.role) {
                    <button class="btn btn-small" type="button" [disabled]="busy() !== null" (click)="applyRole(u, role)">Change role</button>
                  }
                </div>
              </td>
              <td>
                <span class="chip" [class.chip-ok]="u.active" [class.chip-neutral]="!u.active">{{ u.active ? 'Active' : 'Deactivated' }}</span>
              </td>
              <td>
                <div class="access">
                @if (u.active) {
                  <button class="btn btn-danger btn-small" type="button" [disabled]="busy() !== null" (click)="askDeactivate(u)"
                    [attr.aria-label]="'Deactivate ' + u.name">{{ busy() === u.id ? 'Saving…' : 'Deactivate' }}</button>
                } @else {
                  <button class="btn btn-secondary btn-small" type="button" [disabled]="busy() !== null" (click)="save(u, { active: true })"
                    [attr.aria-label]="'Reactivate ' + u.name">{{ busy() === u.id ? 'Saving…' : 'Reactivate' }}</button>
                }
                <button class="btn btn-secondary btn-small" type="button" [disabled]="busy() !== null" (click)="askReset(u)"
                  [attr.aria-label]="'Reset the password of ' + u.name">Reset password</button>
                </div>
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>

    <stride-confirm-dialog [heading]="'Deactivate ' + (pending()?.name ?? '') + '?'" confirmLabel="Yes, deactivate" [danger]="true" (confirmed)="confirmDeactivate()">
      @if (pending(); as u) {
        <p>
          {{ u.id === selfId() ? 'You are' : u.name + ' is' }} signed out everywhere at once and cannot sign in until reactivated.
          Their patients, surveys and the audit log stay as they are.
        </p>
      }
    </stride-confirm-dialog>
    <stride-password-reset-dialog [user]="resetting()" [self]="resetting()?.id === selfId()" (done)="onReset($event)" />
  `,
})
export class AccountsTableComponent {
  private readonly usersApi = inject(UsersService);

  readonly users = input.required<UserView[]>();
  /** The signed-in admin, marked "(you)". */
  readonly selfId = input<string | null>(null);
  /** The account as the API now has it. */
  readonly changed = output<UserView>();

  protected readonly roles = ROLES;
  protected readonly roleLabels = ROLE_LABELS;
  /** The role picked in a row's menu, applied only with its button: a stray arrow key changes nothing. */
  protected readonly chosen = signal<{ id: string; role: Role } | null>(null);
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);
  protected readonly notice = signal<string | null>(null);
  protected readonly pending = signal<UserView | null>(null);
  protected readonly resetting = signal<UserView | null>(null);
  private readonly dialog = viewChild.required(ConfirmDialogComponent);
  private readonly resetDialog = viewChild.required(PasswordResetDialogComponent);

  protected applyRole(user: UserView, menu: HTMLSelectElement): void {
    const role = this.chosen()?.role;
    if (role) this.save(user, { role }, menu);
  }

  protected askDeactivate(user: UserView): void {
    this.pending.set(user);
    this.dialog().open();
  }

  protected askReset(user: UserView): void {
    this.resetting.set(user);
    this.error.set(null);
    this.notice.set(null);
    this.resetDialog().open();
  }

  protected onReset(user: UserView): void {
    this.notice.set(
      user.id === this.selfId() ? 'Your password is changed; your other sessions have ended.' : `${user.name}'s password is changed, and they have been signed out everywhere.`,
    );
  }

  protected confirmDeactivate(): void {
    const user = this.pending();
    if (user) this.save(user, { active: false });
  }

  /** `menu`: the row's role menu, put back to the saved role if the change is refused. */
  protected save(user: UserView, change: UpdateUserRequest, menu?: HTMLSelectElement): void {
    this.busy.set(user.id);
    this.error.set(null);
    this.notice.set(null);
    this.usersApi.update(user.id, change).subscribe({
      next: (updated) => {
        this.busy.set(null);
        this.chosen.set(null);
        this.notice.set(describe(user, updated));
        this.changed.emit(updated);
      },
      error: (err: unknown) => {
        this.busy.set(null);
        this.chosen.set(null);
        // A 409 says why in words (the last active admin).
        this.error.set(parseApiError(err).message);
        if (menu) menu.value = user.role;
      },
    });
  }
}

function describe(before: UserView, after: UserView): string {
  if (before.active !== after.active) {
    return after.active ? `${after.name} can sign in again.` : `${after.name} is deactivated and has been signed out.`;
  }
  return `${after.name} is now ${ROLE_LABELS[after.role]}. This applies from their next click.`;
}
