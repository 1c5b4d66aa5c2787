import { HttpResponse } from '@angular/common/http';

/** Saves a downloaded file: the name comes from Content-Disposition when the API sends one. */
export function saveBlobResponse(response: HttpResponse<Blob>, fallbackName: string): void {
  const body = response.body;
  if (!body) return;
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  const name = match ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(body);
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  document.body.appendChild(anchor);
  anchor.click();
  anchor.remove();
  // Revoke later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
