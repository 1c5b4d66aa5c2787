import { toString as qrToString } from 'qrcode';

/**
 * A survey link as a QR code, drawn on the server as SVG (the `qrcode` library), so a phone's
 * camera can open it in clinic and the patient survey bundle carries no QR code. Level M (15%
 * recovery) survives a printout's smudges at the size of a 100-character link.
 */
export function surveyQrSvg(url: string): Promise<string> {
  return qrToString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
