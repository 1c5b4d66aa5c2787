import { SATISFIED_V1 } from './satisfied';

describe('SATISFIED_V1', () => {
  it('is satisfied-v1', () => {
    expect([SATISFIED_V1.name, SATISFIED_V1.version]).toEqual(['satisfied', 'v1']);
  });

  it.each([
    [1, false],
    [2, false],
    [3, false],
    [4, true],
    [5, true],
  ])('satisfaction %p -> %p', (satisfaction, expected) => {
    expect(SATISFIED_V1.evaluate({ followUp: { satisfaction } })).toBe(expected);
  });

  it.each([null, undefined])('is not evaluable when satisfaction is %p', (satisfaction) => {
    expect(SATISFIED_V1.evaluate({ followUp: { legPain: 2, satisfaction } })).toBeNull();
  });

  it('needs no baseline', () => {
    expect(SATISFIED_V1.evaluate({ baseline: null, followUp: { satisfaction: 5 } })).toBe(true);
  });
});
