import { ChangeDetectionStrategy, Component, ElementRef, inject, input, output, signal, viewChild } from '@angular/core';
import { PASSWORD_MIN_LENGTH, UserView } from '@stride/contracts';
import { parseApiError } from '../core/http/api-error';
import { UsersService } from '../data-access/users.service';
import { DIALOG_STYLES } from '../shared/dialog.styles';

/**
 * Admin: set a new password for one account. The API applies the password rules (a field error
 * comes back beside the field) and signs the user out everywhere at once; the admin passes the new
 * password on by a channel of their own.
 */
@Component({
  selector: 'stride-password-reset-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    DIALOG_STYLES,
    `
      input {
        width: 100%;
      }
    `,
  ],
  template: `
    <dialog #dialog aria-labelledby="reset-heading" (close)="busy.set(false)">
      <form (submit)="$event.preventDefault(); submit(password.value)" novalidate>
        <h2 id="reset-heading">Set a new password for {{ user()?.name }}</h2>
        <p class="muted small">
          {{ self() ? 'Your other sessions end' : 'They are signed out everywhere' }} at once. Give them the new password in person or by phone, never by email.
        </p>
        @if (error(); as message) {
          <div class="alert alert-error" role="alert">{{ message }}</div>
        }
        <div class="field">
          <label for="reset-password">New password</label>
          <input #password id="reset-password" type="password" autocomplete="new-password" [attr.aria-invalid]="fieldError() ? 'true' : null"
            aria-describedby="reset-password-hint reset-password-error" />
          <p class="muted small" id="reset-password-hint">At least {{ minLength }} characters; not a common password or a run like 1234…</p>
          @if (fieldError(); as m) { <p class="field-error" id="reset-password-error">{{ m }}</p> }
        </div>
        <div class="buttons">
          <button class="btn btn-secondary" type="button" (click)="close()">Cancel</button>
          <button class="btn" type="submit" [disabled]="busy()">{{ busy() ? 'Saving…' : 'Set password' }}</button>
        </div>
      </form>
    </dialog>
  `,
})
export class PasswordResetDialogComponent {
  private readonly usersApi = inject(UsersService);

  readonly user = input<UserView | null>(null);
  /** The signed-in admin is resetting their own password. */
  readonly self = input(false);
  /** The password was changed. */
  readonly done = output<UserView>();

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly fieldError = signal<string | null>(null);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  private readonly password = viewChild.required<ElementRef<HTMLInputElement>>('password');

  open(): void {
    this.error.set(null);
    this.fieldError.set(null);
    this.password().nativeElement.value = '';
    this.dialog().nativeElement.showModal();
  }

  protected close(): void {
    this.dialog().nativeElement.close();
  }

  protected submit(password: string): void {
    const user = this.user();
    if (!user || this.busy()) return;
    if (password.length < PASSWORD_MIN_LENGTH) {
      this.fieldError.set(`At least ${PASSWORD_MIN_LENGTH} characters.`);
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    this.fieldError.set(null);
    this.usersApi.resetPassword(user.id, password).subscribe({
      next: () => {
        this.busy.set(false);
        this.close();
        this.done.emit(user);
      },
      error: (err: unknown) => {
        const parsed = parseApiError(err);
        this.busy.set(false);
        // The password rules answer beside the field; anything else (a removed account) above the form.
        if (parsed.fields['password']) this.fieldError.set(parsed.fields['password'] ?? null);
        else this.error.set(parsed.message);
      },
    });
  }
}
