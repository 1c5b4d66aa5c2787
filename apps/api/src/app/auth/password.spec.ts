import { HashingQueue, verifyPassword } from './password';
import { ServiceUnavailableError } from '../common/domain-errors';

describe(HashingQueue.name, () => {
  it('runs at most `concurrency` tasks at once, the rest in arrival order', async () => {
    const sut = new HashingQueue(2, 10);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (i: number) => async (): Promise<number> => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      order.push(i);
      return i;
    };
    const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => sut.run(task(i))));
    expect(results).toEqual([0, 1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(order.slice(2)).toEqual([2, 3, 4, 5]);
  });

  it('refuses with 503 beyond maxWaiting, and a failing task frees its slot', async () => {
    const sut = new HashingQueue(1, 1);
    let release: () => void = () => undefined;
    const first = sut.run(() => new Promise<void>((resolve) => (release = resolve)));
    const second = sut.run(() => Promise.reject(new Error('boom')));
    await expect(sut.run(async () => 3)).rejects.toBeInstanceOf(ServiceUnavailableError);
    release();
    await first;
    await expect(second).rejects.toThrow('boom');
    await expect(sut.run(async () => 4)).resolves.toBe(4);
  });
});

describe(verifyPassword.name, () => {
  it('is false, after the same work, for an unknown user or an unreadable hash', async () => {
    await expect(verifyPassword('anything at all', null)).resolves.toBe(false);
    await expect(verifyPassword('anything at all', 'not-a-hash')).resolves.toBe(false);
    await expect(verifyPassword('anything at all', 'scrypt$x$8$1$c2FsdA$aGFzaA')).resolves.toBe(false);
  }, 20_000);
});
