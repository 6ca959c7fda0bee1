import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Integration tests run cold cargo builds and unpack a 353 MB zig on two cores: a generous bound.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Integration tests build real Rust code and start local servers: two cores, so keep the pool small.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    reporters: ['default', './test/support/count-reporter.ts'],
  },
})
