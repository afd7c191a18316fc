import { availableParallelism } from "node:os"
import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // e2e tests spawn the CLI; the timeouts only catch hangs: on a loaded 2-core machine (load 20-40,
    // several suites at once) a sweep e2e test took over 60 s, so they are sized for that, not for speed.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    // One fork per core (vitest's default leaves one core free: on 2 cores the suite ran serially,
    // 150 s instead of 110 s; the end-to-end tests mostly wait on the processes they spawn).
    poolOptions: { forks: { maxForks: Math.max(2, availableParallelism()), minForks: 1 } },
    globalSetup: ["test/support/globalSetup.ts"],
    reporters: ["default", "./test/support/plainSummary.ts"]
  }
})
