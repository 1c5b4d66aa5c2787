import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { InvitationStatus, Timepoint } from '@stride/contracts';
import { STATUS_GLYPHS, STATUS_LABELS, STATUS_TONES, TIMEPOINT_LABELS, TIMEPOINT_SHORT } from './labels';

/**
 * One invitation's follow-up state. With a time point it is the compact form used in lists
 * ("6w ✓"); without, it spells the status out. The accessible name always says both.
 */
@Component({
  selector: 'stride-status-chip',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <span [class]="'chip chip-' + tone()" [attr.title]="description()">
      <span aria-hidden="true">{{ glyph() }}</span>
      <span aria-hidden="true">{{ text() }}</span>
      <span class="visually-hidden">{{ description() }}</span>
    </span>
  `,
})
export class StatusChipComponent {
  readonly status = input.required<InvitationStatus | null>();
  readonly timepoint = input<Timepoint | null>(null);

  protected readonly tone = computed(() => {
    const status = this.status();
    return status ? STATUS_TONES[status] : 'none';
  });
  protected readonly glyph = computed(() => {
    const status = this.status();
    return status ? STATUS_GLYPHS[STATUS_TONES[status]] : '';
  });
  protected readonly text = computed(() => {
    const timepoint = this.timepoint();
    if (timepoint) return TIMEPOINT_SHORT[timepoint];
    const status = this.status();
    return status ? STATUS_LABELS[status] : 'None';
  });
  protected readonly description = computed(() => {
    const status = this.status();
    const statusText = status ? STATUS_LABELS[status] : 'no invitation';
    const timepoint = this.timepoint();
    return timepoint ? `${TIMEPOINT_LABELS[timepoint]}: ${statusText}` : statusText;
  });
}
