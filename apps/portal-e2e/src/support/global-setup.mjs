// Starts what a clinic would run (tools/scripts/built-app.mjs): PostgreSQL, the first admin made
// with the real CLI, and the built app. The tests reach it through E2E_BASE_URL.
import { startBuiltApp } from '../../../../tools/scripts/built-app.mjs';

export default async function globalSetup() {
  const admin = { email: 'coordinator@e2e.test', name: 'E2E Coordinator', password: 'e2e-admin-password' };
  const app = await startBuiltApp({ name: 'e2e', admin });
  globalThis.__STRIDE_E2E__ = app;
  process.env.E2E_BASE_URL = app.baseUrl;
  process.env.E2E_ADMIN_EMAIL = admin.email;
  process.env.E2E_ADMIN_PASSWORD = admin.password;
}
