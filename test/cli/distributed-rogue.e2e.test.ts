/**
 * A rogue worker on the queue (issue 22, #8): whatever a worker returns is checked against the
 * result schema and the model's metric list before it is stored. A result with a formula for a
 * metric name, a null result, or series of the wrong length fails its run with the reason and
 * the job; honest results are still stored; metrics.csv holds no injected row or formula; the
 * coordinator never crashes with a stack.
 * Skipped, saying so, when redis-server is not installed.
 */
import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { parse } from "csv-parse/sync"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { QUEUE_NAME, connectionOf, type JobData } from "../../src/experiment/backends/Distributed.ts"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { runOne } from "../../src/experiment/RunOne.ts"
import { ROOT } from "../support/cli.ts"
import { hasRedis, startRedis } from "../support/redis.ts"

const BIN = fileURLToPath(new URL("../../bin/sandbox.js", import.meta.url))
let dir = ""
let redis: { url: string; stop: () => void } | undefined

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-rogue-"))
  if (hasRedis) redis = await startRedis()
})
afterAll(() => redis?.stop())

const encode = (series: ReadonlyArray<Float64Array>) => {
  const all = new Float64Array(series.reduce((n, s) => n + s.length, 0))
  let at = 0
  for (const s of series) {
    all.set(s, at)
    at += s.length
  }
  return Buffer.from(all.buffer).toString("base64")
}

describe.skipIf(!hasRedis)("distributed sweep: results from a rogue worker", () => {
  it("refuses bad results, naming the run and the problem, and stores the honest ones", async () => {
    const url = redis!.url
    const file = join(dir, "rogue.yaml")
    writeFileSync(file, "name: rogue\nseed: 7\nruns: 5\nepochs: 4\n")
    const out = join(dir, "out")
    const { Worker } = await import("bullmq")
    // The rogue: computes each run honestly, then spoils runs 0-3 in four ways.
    const rogue = new Worker<JobData>(
      QUEUE_NAME,
      async (job) => {
        const d = job.data
        const o = runOne(models[d.model]!, d.epochs, d.spec)
        if (o._tag !== "Completed") throw new Error(o.error)
        const metrics = [...o.result.metrics]
        const series = encode(o.result.series)
        switch (d.spec.run) {
          case 0:
            metrics[1] = '=HYPERLINK("http://evil.example","click")\nrogue,0,0,injected,1'
            return { _tag: "Completed", metrics, epochs: d.epochs, series }
          case 1:
            return null
          case 2:
            return { _tag: "Completed", metrics, epochs: d.epochs, series: series.slice(0, 12) }
          case 3:
            return { _tag: "Completed", metrics, epochs: d.epochs, series: encode(o.result.series.map((s) => s.map(() => Number.POSITIVE_INFINITY))) }
          default:
            return { _tag: "Completed", metrics, epochs: d.epochs, series }
        }
      },
      { name: "rogue-worker", connection: connectionOf(url), concurrency: 1 }
    )
    try {
      const child = spawn(process.execPath, [BIN, "sweep", file, "--queue", url, "--out", out, "--format", "csv"], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] })
      let stderr = ""
      child.stderr.on("data", (d) => (stderr += d))
      const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)))
      expect(stderr).not.toMatch(/\n\s+at /) // no stack
      expect(code).toBe(1) // failed runs
      expect(stderr).toMatch(/run 0: result refused \(job [^)]+, from worker rogue-worker\): metric 1 is named "=HYPERLINK/)
      expect(stderr).toMatch(/run 1: result refused .*not a run result/)
      expect(stderr).toMatch(/run 2: result refused .*series hold \d+ bytes/)
      expect(stderr).toMatch(/run 3: result refused .*infinite at epoch 0/)
      const runs = parse(readFileSync(join(out, "runs.csv"), "utf8"), { columns: true }) as Array<Record<string, string>>
      expect(runs.map((r) => r["status"])).toEqual(["failed", "failed", "failed", "failed", "completed"])
      const metrics = parse(readFileSync(join(out, "metrics.csv"), "utf8"), { columns: true }) as Array<Record<string, string>>
      expect(new Set(metrics.map((r) => r["run"]))).toEqual(new Set(["4"]))
      expect(metrics.some((r) => /HYPERLINK|injected/.test(r["metric"]!))).toBe(false)
      expect(metrics).toHaveLength(4 * new Set(metrics.map((r) => r["metric"])).size)
    } finally {
      await rogue.close()
    }
  })
})
