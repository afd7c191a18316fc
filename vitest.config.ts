import { availableParallelism } from "node:os"
import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    // e2e tests spawn the CLI; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // One fork per core (vitest's default leaves one core free: on 2 cores the suite ran serially,
    // 150 s instead of 110 s; the end-to-end tests mostly wait on the processes they spawn).
    poolOptions: { forks: { maxForks: Math.max(2, availableParallelism()), minForks: 1 } },
    globalSetup: ["test/support/globalSetup.ts"],
    reporters: ["default", "./test/support/plainSummary.ts"]
  }
})
