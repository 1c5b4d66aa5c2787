import { ChangeDetectionStrategy, Component, ElementRef, input, output, viewChild } from '@angular/core';
import { DIALOG_STYLES } from './dialog.styles';

let nextId = 0;

/**
 * A modal question before an action that cannot be taken back. The native <dialog> traps focus,
 * closes on Escape and returns focus to the button that opened it; "Cancel" has the first focus,
 * so a stray Enter does nothing harmful. The projected content explains the consequences.
 */
@Component({
  selector: 'stride-confirm-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: [
    DIALOG_STYLES,
    `
    .btn-danger-solid {
      background: var(--bad);
      border-color: var(--bad);
    }
    .btn-danger-solid:hover {
      background: #8a1c15;
    }
  `,
  ],
  template: `
    <dialog #dialog [attr.aria-labelledby]="headingId" [attr.aria-describedby]="bodyId" (close)="onClose()">
      <form method="dialog">
        <h2 [id]="headingId">{{ heading() }}</h2>
        <div [id]="bodyId"><ng-content /></div>
        <div class="buttons">
          <button class="btn btn-secondary" type="submit" value="cancel" autofocus>{{ cancelLabel() }}</button>
          <button class="btn" [class.btn-danger-solid]="danger()" type="submit" value="confirm">{{ confirmLabel() }}</button>
        </div>
      </form>
    </dialog>
  `,
})
export class ConfirmDialogComponent {
  readonly heading = input.required<string>();
  readonly confirmLabel = input('Confirm');
  readonly cancelLabel = input('Cancel');
  /** The confirm button in the danger colour, for actions that stop or remove something. */
  readonly danger = input(false);
  readonly confirmed = output<void>();

  protected readonly headingId = `confirm-heading-${nextId}`;
  protected readonly bodyId = `confirm-body-${nextId++}`;
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  open(): void {
    const dialog = this.dialog().nativeElement;
    dialog.returnValue = '';
    dialog.showModal();
  }

  protected onClose(): void {
    if (this.dialog().nativeElement.returnValue === 'confirm') this.confirmed.emit();
  }
}
