import { Pipe, PipeTransform } from '@angular/core';
import { ClinicDateStyle, formatDay, formatInClinic, lastOpenDay } from './dates';

/**
 * `{{ inv.sentAt | clinicDate: zone }}`: an instant in the clinic's time zone; '–' when there is none.
 * Style `lastOpenDay` turns a window's `closesAt` into the last day a patient can answer.
 */
@Pipe({ name: 'clinicDate' })
export class ClinicDatePipe implements PipeTransform {
  transform(instant: string | null | undefined, timeZone: string, style: ClinicDateStyle | 'lastOpenDay' = 'dateTime'): string {
    if (!instant) return '–';
    if (style === 'lastOpenDay') return formatDay(lastOpenDay(instant, timeZone));
    return formatInClinic(instant, timeZone, style);
  }
}
