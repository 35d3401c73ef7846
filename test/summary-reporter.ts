import type { Reporter, TestModule } from 'vitest/node'

/** Prints the plain `N passed, N failed` line that CI reads; vitest's own summary is for people. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const mod of testModules) {
      let seen = 0
      for (const test of mod.children.allTests()) {
        seen++
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failed++
        else skipped++
      }
      // A file that failed to load has no tests; count it so a broken file can never look green.
      if (seen === 0 && mod.state() === 'failed') failed++
    }
    failed += unhandledErrors.length
    process.stdout.write(`\n${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`)
  }
}
