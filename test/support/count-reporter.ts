/**
 * Prints one plain closing line, `N passed, N failed` (`, N skipped`), after vitest's own report,
 * so that any CI reading the last lines knows how many tests ran.
 */
import type { Reporter, TestModule } from 'vitest/node'

export default class CountReporter implements Reporter {
  async onTestRunEnd(testModules: readonly TestModule[]): Promise<void> {
    // Reporters run side by side: let the default reporter print its summary first.
    await new Promise((resolve) => setTimeout(resolve, 100))
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
