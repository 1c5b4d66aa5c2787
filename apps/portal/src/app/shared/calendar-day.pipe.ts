import { Pipe, PipeTransform } from '@angular/core';
import { formatDay } from './dates';

/** `{{ s.surgeryDate | calendarDay }}`: a YYYY-MM-DD date as "Mar 3, 2026", the same day in every zone. */
@Pipe({ name: 'calendarDay' })
export class CalendarDayPipe implements PipeTransform {
  transform(day: string | null | undefined, style: 'medium' | 'full' = 'medium'): string {
    return day ? formatDay(day, style) : '–';
  }
}
