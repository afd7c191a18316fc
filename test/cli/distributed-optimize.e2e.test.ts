/**
 * `sandbox optimize --queue`: candidates evaluated by workers of a distributed queue give the
 * same search as a local one, evaluation for evaluation (against a real redis-server on a free
 * loopback port, as the distributed sweep tests). An unreachable queue is refused before
 * anything is written. Skipped, saying so, when redis-server is not installed.
 */
import { spawn, type ChildProcess } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"
import { hasRedis, startRedis } from "../support/redis.ts"

const BIN = fileURLToPath(new URL("../../bin/sandbox.js", import.meta.url))
let dir = ""
let redis: { url: string; stop: () => void } | undefined
const workers: Array<ChildProcess> = []

const startWorker = (url: string) => {
  const child = spawn(process.execPath, [BIN, "worker", "--queue", url, "--concurrency", "2"], { cwd: ROOT, env: process.env, stdio: ["ignore", "ignore", "pipe"] })
  const log = { text: "" }
  child.stderr!.on("data", (d) => (log.text += d))
  workers.push(child)
  return { child, log, exited: new Promise<void>((resolve) => child.on("exit", () => resolve())) }
}

// Two objectives (NSGA-II, two generations of 4) and one (CMA-ES): both searches' every
// candidate depends on the evaluations before it, so any difference in a result shows.
const SEARCH = `name: queue-search
seed: 11
epochs: 25
runs: 3
guardrails:
  - p50(max(activeOperators)) > 0
  - p95(max(operatorChurnRate)) < 0.2
optimize:
  parameters:
    token.emission.perEpoch: { from: 100000, to: 900000 }
    token.operatorShare: { from: 0.3, to: 0.8 }
  objectives:
    - minimize: p50(final(inflationAnnualized))
  budget: 6
  populationSize: 3
`

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-dist-opt-"))
  if (hasRedis) redis = await startRedis()
})

afterAll(() => {
  for (const w of workers) w.kill("SIGKILL")
  redis?.stop()
})

describe("optimize on a queue: bad queue", () => {
  it("names the URL, exits 2 and writes nothing when Redis is unreachable", async () => {
    const file = join(dir, "unreachable.yaml")
    writeFileSync(file, SEARCH)
    const out = join(dir, "unreachable")
    const r = await sandbox(["optimize", file, "--queue", "redis://127.0.0.1:1", "--out", out])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/cannot reach the queue at redis:\/\/127\.0\.0\.1:1/)
    expect(existsSync(out)).toBe(false)
  })
})

describe.skipIf(!hasRedis)(`optimize on redis${hasRedis ? "" : " (skipped: redis-server is not installed)"}`, () => {
  it("evaluates every candidate on the queue's workers, to the same result as a local search", async () => {
    const url = redis!.url
    const variants = [
      ["cma", SEARCH],
      ["nsga", SEARCH.replace("  budget: 6\n  populationSize: 3\n", "    - maximize: p50(final(activeOperators))\n  budget: 8\n  populationSize: 4\n")]
    ] as const
    const w = startWorker(url)
    for (const [name, text] of variants) {
      const file = join(dir, `${name}.yaml`)
      writeFileSync(file, text)
      const local = await sandbox(["optimize", file, "--out", join(dir, `${name}-local`), "--json", "--workers", "1"])
      expect(local.code).toBe(0)
      const queued = await sandbox(["optimize", file, "--out", join(dir, `${name}-queue`), "--queue", url])
      expect(queued.stderr).toMatch(/evaluating candidates on redis:\/\/127\.0\.0\.1:\d+; waiting for workers/)
      expect(queued.code).toBe(0)
      const a = JSON.parse(local.stdout)
      const b = JSON.parse(readFileSync(join(dir, `${name}-queue`, "result.json"), "utf8"))
      expect(b.method).toBe(name === "cma" ? "cma-es" : "nsga-ii")
      expect(b.evaluations.length).toBe(name === "cma" ? 6 : 8)
      // Bit for bit: the same candidates, objectives and verdicts (JSON keeps every digit of a double).
      expect(b).toEqual(a)
    }
    // The runs were the worker's: it logged them.
    expect(w.log.text).toMatch(/worker: ran /)
    w.child.kill("SIGTERM")
    await w.exited
  })
})
