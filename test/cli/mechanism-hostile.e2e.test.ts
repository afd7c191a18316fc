/**
 * `sandbox mechanism` and `--queue` with hostile input: names that are not mechanisms but
 * object properties, NaN and Infinity that JSON would print as null, bad queue URLs, and the
 * inactivity leak's rule that only validators that missed the target pay (issue 22, 10, 15, 16).
 */
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { sandbox } from "../support/cli.ts"
import { hasRedis, startRedis } from "../support/redis.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-mech-hostile-"))
const input = (name: string, value: unknown) => {
  const file = join(dir, name)
  writeFileSync(file, JSON.stringify(value))
  return file
}

describe.concurrent("sandbox mechanism, hostile", () => {
  it("answers toString, __proto__ and constructor with the list of mechanisms, not a stack (exit 2)", async () => {
    const rs = await Promise.all(["toString", "__proto__", "constructor", "hasOwnProperty"].map((n) => sandbox(["mechanism", n, "--input", input("x.json", {})])))
    for (const [i, r] of rs.entries()) {
      expect(r.code).toBe(2)
      expect(r.stderr.trim().split("\n")).toHaveLength(1)
      expect(r.stderr).toMatch(/^error: name: unknown mechanism ".+"; known: yuma, /)
      expect(r.stderr, String(i)).not.toMatch(/\bat .*\.ts:\d+/)
    }
  })

  it("refuses an expression whose value is Infinity or NaN, saying so instead of printing null", async () => {
    const cases = ["1/0", "0/0", "log(-1)", "x * 1e308 * 10", "sqrt(-x)"]
    const rs = await Promise.all(cases.map((expression, i) => sandbox(["mechanism", "expression", "--input", input(`e${i}.json`, { expression, variables: { x: 2 } })])))
    rs.forEach((r, i) => {
      expect(r.code, `${cases[i]}: ${r.stdout}${r.stderr}`).toBe(2)
      expect(r.stdout).toBe("")
      expect(r.stderr).toMatch(/^error: expression: ".*" gives (Infinity|-Infinity|NaN) for these variables/)
    })
    const ok = await sandbox(["mechanism", "expression", "--input", input("ok.json", { expression: "x / 4", variables: { x: 2 } })])
    expect(JSON.parse(ok.stdout)).toEqual({ value: 0.5 })
  })

  it("charges the inactivity penalty only in epochs that missed the target (consensus-specs get_inactivity_penalty_deltas)", async () => {
    const r = await sandbox(["mechanism", "inactivity-leak", "--input", input("leak.json", { effectiveBalanceGwei: "32000000000", score: "40", participated: [true, false, true], inLeak: true })])
    expect(r.code, r.stderr).toBe(0)
    // Participating in a leak: score 40 -> 39, nothing charged; missing: 43, charged 32e9 x 43 / 2^26.
    expect(JSON.parse(r.stdout)).toEqual({ epochs: [{ score: "39", penalty: "0" }, { score: "43", penalty: "20503" }, { score: "42", penalty: "0" }] })
  })

  it("answers a queue URL with a bad database with a message, before anything is written", async () => {
    const out = join(dir, "never")
    const r = await sandbox(["sweep", "experiments/default.yaml", "--runs", "1", "--epochs", "2", "--out", out, "--queue", "redis://127.0.0.1:6379/abc"])
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe('error: --queue: expected a database number after the port (redis://host:port/0), got "/abc" in redis://127.0.0.1:6379/abc')
    const w = await sandbox(["worker", "--queue", "redis://h:99999"])
    expect(w.code).toBe(2)
    expect(w.stderr).toMatch(/^error: --queue: /)
    expect(w.stderr).not.toMatch(/\bat .*\.(ts|js|mjs):\d+/)
  })
})

describe.runIf(hasRedis)("--queue on a database the server lacks", () => {
  let redis: Awaited<ReturnType<typeof startRedis>>
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(() => redis?.stop())

  it("refuses /99 (of 16) instead of using database 0 (exit 2, nothing written)", async () => {
    const out = join(dir, "db99")
    const r = await sandbox(["sweep", "experiments/default.yaml", "--runs", "1", "--epochs", "2", "--out", out, "--queue", `${redis.url}/99`])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/database 99 does not exist on this server/)
    expect(r.stderr).toMatch(/nothing was written/)
  })
})
