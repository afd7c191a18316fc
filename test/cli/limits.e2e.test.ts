/**
 * Resource limits: a plan is estimated before anything runs and refused above the limits with
 * exit 2 and what to change; inputs are read up to a cap (issue 22, 2). Each of these used to
 * run out of memory minutes later, or read until memory ran out.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

const hostile = (name: string) => join(ROOT, "test/fixtures/hostile", name)
const dir = mkdtempSync(join(tmpdir(), "sandbox-limits-"))
const REFUSED = /lower it, or pass --allow-large if this machine can take it \(docs\/limits\.md\)\n$/

describe.concurrent("limits", () => {
  it("refuses a billion runs, a billion epochs and a 99,999-point sweep of 100,000 runs, in check as in run", async () => {
    const [runs, epochs, epochsRun, sweep, sweepRun] = await Promise.all([
      sandbox(["check", hostile("runs-1e9.yaml")]),
      sandbox(["check", hostile("epochs-1e9.yaml")]),
      sandbox(["run", hostile("epochs-1e9.yaml"), "--out", join(dir, "never")]),
      sandbox(["check", hostile("sweep-huge.yaml")]),
      sandbox(["sweep", hostile("sweep-huge.yaml"), "--out", join(dir, "never-sweep")])
    ])
    for (const r of [runs, epochs, epochsRun, sweep, sweepRun]) {
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toMatch(REFUSED)
    }
    expect(runs.stderr).toMatch(/runs-1e9\.yaml:2:7: runs: 1,000,000,000 runs \(1 scenarios x 1,000,000,000 runs\) is above the limit of 1,000,000/)
    expect(epochs.stderr).toMatch(/1,000,000,000 epochs per run is above the limit of 100,000/)
    expect(sweep.stderr).toMatch(/9,999,900,000 runs \(99,999 scenarios x 100,000 runs\)/)
  })

  it("refuses a world of a billion operators or users before building it, naming the field, in check, run, sweep and tui", async () => {
    const ops = hostile("operators-1e9.yaml")
    const [check, run, sweep, tui, users, swept, allowed] = await Promise.all([
      sandbox(["check", ops]),
      sandbox(["run", ops, "--out", join(dir, "never-ops")]),
      sandbox(["sweep", ops, "--out", join(dir, "never-ops-sweep")]),
      // Without a terminal tui runs the plain summary; with one it loads the same way first.
      sandbox(["tui", ops]),
      sandbox(["run", hostile("users-1e9.yaml"), "--workers", "1"]),
      sandbox(["check", hostile("operators-sweep.yaml")]),
      sandbox(["check", ops, "--allow-large"])
    ])
    for (const r of [check, run, sweep, tui, users, swept]) {
      expect(r.code, r.stderr).toBe(2)
      expect(r.stdout).toBe("")
      expect(r.stderr).toMatch(REFUSED)
    }
    // The field, the estimate and the limit.
    const OPS = /operators-1e9\.yaml: params\.operators\.count: 2,000,000,000 operator slots \(twice the operators at epoch 0\) x \d+ bytes; a run's model state is about 2\d\d\.\d GiB, and the plan needs about 2\d\d\.\d GiB of memory(?: with \d runs at once \(one per thread\))?, above the limit of [\d.]+ [GM]iB/
    for (const r of [check, run, sweep, tui]) expect(r.stderr).toMatch(OPS)
    expect(users.stderr).toMatch(/users-1e9\.yaml: params\.demand\.agents\.users: 1,000,000,000 users x \d+ bytes; a run's model state is about 2\d\.\d GiB/)
    // In a sweep, the scenario whose world is largest is named.
    expect(swept.stderr).toMatch(/params\.operators\.count \(scenario operators\.count=100000000\): 200,000,000 operator slots/)
    expect(allowed.code, allowed.stderr).toBe(0)
  })

  it("refuses a scheduled change that would resize the world beyond the limit, but not one the model reads only at epoch 0", async () => {
    const atStart = join(dir, "at-start.yaml")
    writeFileSync(atStart, "name: count changed mid-run\nepochs: 10\nruns: 1\nschedule:\n  - epoch: 3\n    set:\n      operators.count: 1000000000\n")
    const [window, count] = await Promise.all([sandbox(["run", hostile("schedule-window.yaml"), "--workers", "1"]), sandbox(["check", atStart])])
    expect(window.code, window.stderr).toBe(2)
    expect(window.stdout).toBe("")
    expect(window.stderr).toMatch(/schedule-window\.yaml: params\.operators\.count x slashing\.signedWindow \(from the schedule's change at epoch 3\): 2,000,000,000,000 signing records \(operator slots x window\) x 1 bytes; a run's model state is about 1862\.6 GiB/)
    // operators.count is fixedAtStart: changing it mid-run builds nothing.
    expect(count.code, count.stderr).toBe(0)
  })

  it("counts the worlds robustness, report and optimize would build at the ends of their ranges", async () => {
    const file = hostile("assumptions-huge.yaml")
    const [check, robustness, report] = await Promise.all([
      sandbox(["check", file]),
      sandbox(["robustness", file, "--workers", "1"]),
      sandbox(["report", file, "--out", join(dir, "never-report"), "--workers", "1"])
    ])
    for (const r of [check, robustness, report]) {
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toMatch(/params\.operators\.count \(scenario current, with assumptions and optimize\.parameters at their `to` values\): 2,000,000,000 operator slots/)
    }
    expect(existsSync(join(dir, "never-report"))).toBe(false)
  })

  it("robustness and optimize refuse a plan beyond the limits and take --allow-large as the other commands do", async () => {
    const small = ["--workers", "12", "--runs", "1", "--epochs", "5", "--json"]
    const robust = ["robustness", "experiments/ab-emission-cut.yaml", "--points", "2", ...small]
    const search = (out: string) => ["optimize", "experiments/optimize-emission.yaml", "--out", join(dir, out), ...small]
    const [robustRefused, robustLifted, searchRefused, searchLifted] = await Promise.all([
      sandbox(robust),
      sandbox([...robust, "--allow-large"]),
      sandbox(search("never-search")),
      sandbox([...search("large-search"), "--allow-large"])
    ])
    for (const r of [robustRefused, searchRefused]) {
      expect(r.code, r.stderr).toBe(2)
      expect(r.stderr).toMatch(/--workers 12 is above the limit of \d+ \(4 per core on this machine.*pass --allow-large/)
    }
    expect(existsSync(join(dir, "never-search"))).toBe(false)
    expect(robustLifted.code, robustLifted.stderr).toBe(0)
    expect(JSON.parse(robustLifted.stdout).points).toHaveLength(2)
    expect(searchLifted.code, searchLifted.stderr).toBe(0)
    expect(existsSync(join(dir, "large-search", "result.json"))).toBe(true)
  })

  it("refuses --workers and a worker's --concurrency beyond 4 per core; --allow-large lifts the limits", async () => {
    const [workers, concurrency, overridden] = await Promise.all([
      sandbox(["run", "experiments/default.yaml", "--workers", "1000"]),
      // A distributed worker too, before it looks for the queue (nothing listens on port 1).
      sandbox(["worker", "--queue", "redis://127.0.0.1:1", "--concurrency", "1000"]),
      sandbox(["check", hostile("runs-1e9.yaml"), "--allow-large"])
    ])
    expect(workers.code).toBe(2)
    expect(workers.stderr).toMatch(/--workers 1000 is above the limit of \d+ \(4 per core on this machine/)
    expect(concurrency.code).toBe(2)
    expect(concurrency.stderr).toMatch(/^error: --concurrency: 1000 is above the limit of \d+ \(4 per core on this machine\); pass --allow-large/)
    // The limits are the default, not a wall: --allow-large lifts them (check plans nothing).
    expect(overridden.code, overridden.stderr).toBe(0)
    expect(overridden.stdout).toMatch(/1 scenario x 1000000000 runs/)
  })

  it("reads at most 16 MiB of an input: /dev/zero, a 20 MB string and a mechanism input end with a message", async () => {
    const big = join(dir, "big.yaml")
    writeFileSync(big, `name: big\ndescription: "${"x".repeat(20_000_000)}"\n`)
    const bigJson = join(dir, "big.json")
    writeFileSync(bigJson, JSON.stringify({ expression: "1", variables: { x: 1 }, pad: "x".repeat(20_000_000) }))
    const [zero, string, mechanism] = await Promise.all([
      sandbox(["check", "/dev/zero"]),
      sandbox(["check", big]),
      sandbox(["mechanism", "expression", "--input", bigJson])
    ])
    expect(zero.code).toBe(2)
    expect(zero.stderr.trim()).toBe("error: /dev/zero: larger than the input limit of 16 MiB (--allow-large raises it to 1 GiB)")
    expect(string.code).toBe(2)
    expect(string.stderr).toMatch(/big\.yaml: larger than the input limit of 16 MiB/)
    expect(mechanism.code).toBe(2)
    expect(mechanism.stderr).toMatch(/big\.json: larger than the input limit of 16 MiB/)
  })

  it("refuses a 3,000-term guardrail and a max() of 200,000 arguments at check, before any run (exit 2, issue 22, 11)", async () => {
    const write = (name: string, guardrail: string) => {
      const file = join(dir, name)
      writeFileSync(file, `name: long\nepochs: 5\nruns: 1\nguardrails:\n  - ${guardrail}\n`)
      return file
    }
    const sum = `p95(max(${Array.from({ length: 3000 }, () => "price").join(" + ")})) > 0`
    const terms = write("terms.yaml", sum)
    const args = write("args.yaml", `p95(max(${Array.from({ length: 200_000 }, () => "price").join(",")})) > 0`)
    const [a, b, run] = await Promise.all([sandbox(["check", terms]), sandbox(["check", args]), sandbox(["run", args])])
    expect(a.code).toBe(2)
    expect(a.stderr).toBe(`error: ${terms}:5:5: guardrails[0]: the expression is ${sum.length.toLocaleString("en-US")} characters long, above the limit of 10,000 (docs/limits.md)\n`)
    expect(b.code).toBe(2)
    expect(b.stderr).toMatch(/guardrails\[0\]: the expression is 1,200,013 characters long, above the limit of 10,000 \(docs\/limits\.md\)\n$/)
    expect(run.code).toBe(2)
    expect(run.stdout).toBe("")
  })
})
