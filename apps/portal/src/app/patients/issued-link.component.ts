import { DOCUMENT } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { DomSanitizer, SafeUrl } from '@angular/platform-browser';
import { IssuedLinkView } from '@stride/contracts';

/**
 * A fresh in-clinic survey link: to copy, to open on a clinic tablet, or as a QR code the patient
 * scans with their own phone, printable on its own. The API draws the QR code (`qrCodeSvg`), so no
 * QR library ships in any bundle.
 */
@Component({
  selector: 'stride-issued-link',
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: `
    .link-box {
      display: flex;
      gap: 0.5rem;
      flex-wrap: wrap;
      align-items: center;
      margin: 0.75rem 0;
    }
    .link-box input {
      flex: 1 1 20rem;
      font-family: ui-monospace, monospace;
      font-size: 0.85rem;
    }
    .qr-print {
      display: flex;
      flex-wrap: wrap;
      gap: 1rem;
      align-items: center;
    }
    .qr-print img {
      width: 12rem;
      height: 12rem;
      background: #fff;
      border: 1px solid var(--border);
      border-radius: 6px;
    }
    .qr-print .caption {
      flex: 1 1 14rem;
      margin: 0;
    }
    .qr-print .caption strong {
      display: block;
      font-size: 1.1rem;
      margin-bottom: 0.25rem;
    }
  `,
  template: `
    <div class="alert alert-info">
      <p>
        Survey link for {{ label() }}, open until the end of {{ openUntil() }}. Give it to the patient only.
      </p>
      <div class="link-box">
        <label class="visually-hidden" [for]="'link-' + link().invitationId">Survey link</label>
        <input [id]="'link-' + link().invitationId" type="text" readonly [value]="link().url" (focus)="selectAll($event)" />
        <button class="btn btn-secondary btn-small" type="button" (click)="copy()">{{ copied() ? 'Copied' : 'Copy' }}</button>
        <a class="btn btn-secondary btn-small" [href]="link().url" target="_blank" rel="noopener noreferrer">Open</a>
        <button class="btn btn-secondary btn-small" type="button" (click)="print()">Print QR code</button>
      </div>
      <div class="qr-print">
        <img [src]="qrSrc()" [alt]="'QR code of the survey link for ' + label()" />
        <p class="caption">
          <strong>Your follow-up survey: {{ label() }}</strong>
          Scan this code with your phone's camera to open the survey. It takes about 2 minutes and is open until the end
          of {{ openUntil() }}.
        </p>
      </div>
    </div>
  `,
})
export class IssuedLinkComponent {
  private readonly sanitizer = inject(DomSanitizer);
  private readonly document = inject(DOCUMENT);

  readonly link = input.required<IssuedLinkView>();
  /** The time point, as staff read it. */
  readonly label = input.required<string>();
  /** The last day the link works, already formatted for the clinic. */
  readonly openUntil = input.required<string>();

  protected readonly copied = signal(false);
  // The SVG is the API's own drawing of the link (plain ASCII), shown as an image: it runs no script.
  protected readonly qrSrc = computed<SafeUrl>(() =>
    this.sanitizer.bypassSecurityTrustUrl(`data:image/svg+xml;base64,${btoa(this.link().qrCodeSvg)}`),
  );

  protected copy(): void {
    void navigator.clipboard?.writeText(this.link().url).then(() => this.copied.set(true));
  }

  protected selectAll(event: FocusEvent): void {
    (event.target as HTMLInputElement).select();
  }

  /** Prints the QR code and its caption alone (styles.css, `body.print-qr`). */
  protected print(): void {
    const body = this.document.body;
    const window = this.document.defaultView;
    body.classList.add('print-qr');
    window?.addEventListener('afterprint', () => body.classList.remove('print-qr'), { once: true });
    window?.print();
  }
}
