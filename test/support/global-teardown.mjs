import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const state = globalThis.__CHATOPS_TEST_PG__;
  if (!state) return;
  await state.cluster.stop();
  rmSync(state.dir, { recursive: true, force: true });
}
