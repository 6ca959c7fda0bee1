import { configDefaults, defineConfig } from 'vitest/config'

/**
 * Unit files that need a process of their own: a worker thread cannot change the time zone
 * (Node re-reads TZ only in the main thread), and the zip tests prove their output in three zones.
 */
const OWN_PROCESS = ['__tests__/package/zip.test.ts']

export default defineConfig({
  test: {
    // Integration tests run cold cargo builds and unpack a 353 MB zig on two cores: a generous bound.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Two cores: keep the pools small. Vitest sets isolation per pool, not per project.
    poolOptions: {
      // Integration files, and the unit files above: each file in a process of its own.
      forks: { maxForks: 2, minForks: 1 },
      // The other unit files share their workers: a fresh worker per file cost most of the unit
      // set's time (about 0.8 s of CPU a file, 70 s in all). test/support/unit-setup.ts puts back
      // after each file what it may leave changed.
      threads: { maxThreads: 2, minThreads: 1, isolate: false },
    },
    reporters: ['default', './test/support/count-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          // `npm run test:unit` runs the projects whose name starts with `unit`: no Rust is compiled there.
          name: 'unit',
          pool: 'threads',
          include: ['__tests__/**/*.test.ts'],
          exclude: [...configDefaults.exclude, '__tests__/integration/**', ...OWN_PROCESS],
          setupFiles: ['./test/support/unit-setup.ts'],
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'unit-process',
          pool: 'forks',
          include: OWN_PROCESS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          // Real cargo builds, real tools and local servers, after the unit set.
          name: 'integration',
          pool: 'forks',
          include: ['__tests__/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
