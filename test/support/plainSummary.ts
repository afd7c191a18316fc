/**
 * A vitest reporter that ends the run with one plain line, `tests: N passed, N failed`, which
 * CI tooling reads without knowing vitest's own format.
 */
import type { Reporter, TestModule } from "vitest/node"

export default class PlainSummary implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0
    let failed = 0
    let skipped = 0
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state
        if (state === "passed") passed++
        else if (state === "failed") failed++
        else skipped++
      }
    }
    const line = `tests: ${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`
    // Printed at exit so it comes after vitest's own summary and is the run's last line.
    process.once("exit", () => process.stdout.write(`\n${line}\n`))
  }
}
