import { DOCUMENT } from '@angular/common';
import { DestroyRef, Injectable, inject } from '@angular/core';
import { Router } from '@angular/router';
import { SettingsService } from '../../data-access/settings.service';
import { AuthService } from './auth.service';

/** Activity that counts as someone at the workstation. */
const ACTIVITY = ['pointerdown', 'keydown', 'wheel', 'touchstart', 'scroll'] as const;
const CHECK_EVERY_MS = 15_000;

/**
 * Signs the user out after the clinic's idle limit (PORTAL_IDLE_MINUTES, sent in /api/settings)
 * without a click, key press or scroll: a workstation left open on a ward shows patients to
 * whoever passes (issue #9). The session ends on the server too, and the login page says why.
 * Started by the signed-in shell, so it never runs on the patient survey or the login page.
 */
@Injectable({ providedIn: 'root' })
export class IdleSignOut {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly settings = inject(SettingsService);
  private readonly document = inject(DOCUMENT);
  private lastActivity = Date.now();

  start(destroyRef: DestroyRef): void {
    this.lastActivity = Date.now();
    const seen = (): void => {
      this.lastActivity = Date.now();
    };
    for (const event of ACTIVITY) this.document.addEventListener(event, seen, { passive: true, capture: true });
    let timer: ReturnType<typeof setInterval> | undefined;
    const subscription = this.settings.get().subscribe({
      next: ({ idleTimeoutMinutes }) => {
        const limit = idleTimeoutMinutes * 60_000;
        timer = setInterval(() => {
          if (Date.now() - this.lastActivity >= limit) this.signOut();
        }, Math.min(CHECK_EVERY_MS, limit));
      },
    });
    destroyRef.onDestroy(() => {
      subscription.unsubscribe();
      if (timer) clearInterval(timer);
      for (const event of ACTIVITY) this.document.removeEventListener(event, seen, { capture: true });
    });
  }

  private signOut(): void {
    if (!this.auth.user()) return;
    this.auth.signOut().subscribe({ complete: () => void this.router.navigate(['/login'], { queryParams: { signedOut: 'idle' } }) });
  }
}
