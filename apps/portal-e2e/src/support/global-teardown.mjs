export default async function globalTeardown() {
  await globalThis.__STRIDE_E2E__?.stop();
}
