import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const state = globalThis.__STRIDE_E2E__;
  if (!state) return;
  state.server.kill('SIGTERM');
  await new Promise((resolve) => {
    if (state.server.exitCode !== null) return resolve();
    const timer = setTimeout(() => {
      state.server.kill('SIGKILL');
      resolve();
    }, 5000);
    state.server.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  await state.db.stop();
  rmSync(state.dir, { recursive: true, force: true });
}
