import { availableParallelism } from "node:os"
import { defineConfig } from "vitest/config"

/**
 * End-to-end files that run whole distributed or interrupted sweeps: each keeps the machine
 * busy for minutes on its own, and two at once on a loaded 2-core machine starved each other's
 * workers and coordinators until the tests' waits ran out. They run one file at a time, beside
 * the rest of the suite.
 */
const SERIAL = ["test/cli/distributed.e2e.test.ts", "test/cli/distributed-optimize.e2e.test.ts", "test/cli/distributed-rogue.e2e.test.ts", "test/cli/distributed-robust.e2e.test.ts", "test/cli/sweep.e2e.test.ts", "test/cli/sweep-lock.e2e.test.ts"]

// e2e tests spawn the CLI; the timeouts only catch hangs: on a loaded 2-core machine (load 20-40,
// several suites at once) a sweep e2e test took over 60 s, so they are sized for that, not for
// speed. No assertion reads the clock.
const timeouts = { testTimeout: 300_000, hookTimeout: 300_000 }

// Ink renders differently when it believes it runs in CI (is-in-ci: CI=true, as .ci/run sets it):
// it lays frames out ignoring the terminal's width, so the TUI's component tests saw another
// layout in CI than on a developer's machine. `sandbox tui` clears CI the same way (commands/tui.ts).
const env = { CI: "false" }

export default defineConfig({
  test: {
    ...timeouts,
    pool: "forks",
    // One fork per core (vitest's default leaves one core free: on 2 cores the suite ran serially,
    // 150 s instead of 110 s; the end-to-end tests mostly wait on the processes they spawn).
    poolOptions: { forks: { maxForks: Math.max(2, availableParallelism()), minForks: 1 } },
    // Once for the whole run (bundles the CLI), not per project.
    globalSetup: ["test/support/globalSetup.ts"],
    reporters: ["default", "./test/support/plainSummary.ts"],
    projects: [
      { test: { ...timeouts, env, name: "suite", pool: "forks", include: ["test/**/*.test.ts", "test/**/*.test.tsx"], exclude: SERIAL } },
      { test: { ...timeouts, env, name: "e2e-serial", pool: "forks", include: SERIAL, fileParallelism: false } }
    ]
  }
})
