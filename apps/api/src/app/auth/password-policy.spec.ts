import { passwordProblem } from './password-policy';
import { DEMO_LOGINS } from '../demo/demo-seed';

describe(passwordProblem.name, () => {
  const sut = passwordProblem;

  it.each([
    ['aaaaaaaaaa', /at least 12 characters/],
    ['aaaaaaaaaaaaaaaa', /5 different characters/],
    ['abcabcabcabcabc', /5 different characters/],
    ['123456789012', /run of keys/],
    ['210987654321', /run of keys/],
    ['abcdefghijklmnop', /run of keys/],
    ['QWERTYUIOPASDF', /run of keys/],
    ['1qaz2wsx3edc4rfv', /run of keys/],
    ['Password2024!', /too common/],
    ['P@ssw0rd123456', /too common/],
    ['2024welcome!!', /too common/],
    ['adminadminadmin', /too common/],
    ['1q2w3e4r5t6y', /too common/],
    ['stride-2026-!!', /too common/],
  ])('refuses %s', (password, message) => {
    expect(sut(password)).toMatch(message);
  });

  it('accepts the demo logins and the test harness passwords', () => {
    for (const { password } of DEMO_LOGINS) expect({ password, problem: sut(password) }).toEqual({ password, problem: null });
    expect(sut('pw-0f3a9c1b7e2d4a68')).toBeNull();
    expect(sut('pw-1a2b3c4d-1a2b3c4d')).toBeNull();
    expect(sut('correct horse battery')).toBeNull();
    expect(sut('e2e-surgeon-password')).toBeNull();
    expect(sut('bench-admin-password')).toBeNull();
  });

  it('accepts long passphrases of ordinary words', () => {
    expect(sut('lumbar stenosis walks')).toBeNull();
    expect(sut('Clinic coffee is 4 ever cold')).toBeNull();
  });
});
