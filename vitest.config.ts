import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: keep the pool small so emulator-backed tests don't starve each other.
    maxWorkers: 2,
    // The SDK's notice is about releases the lock file does not install (the launchers silence it
    // too; test/cli/sdk-notice.test.ts checks them with their own environment, not this one).
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
