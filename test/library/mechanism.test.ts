/**
 * The library's `mechanism` and `mechanismList`, imported from the package entry as a script
 * does: the step `sandbox mechanism NAME --input FILE` prints, for every mechanism of the list
 * `sandbox mechanism list` prints; a bad input rejected with each field path, an unknown name
 * by argument.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { ExperimentError, InvalidArgument, mechanism, mechanismList } from "incentive-sandbox"
import { sandbox } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-library-mechanism-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const reject = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e
  )

describe("library mechanism (from the package entry)", () => {
  it("lists what sandbox mechanism list lists, and steps as the command does", async () => {
    const list = await sandbox(["mechanism", "list"])
    expect(list.code, list.stderr).toBe(0)
    const names = mechanismList().map((m) => m.name)
    expect(names).toEqual(list.stdout.trim().split("\n").map((l) => l.split(/\s+/)[0]))
    expect(names).toEqual(expect.arrayContaining(["sqrt-stake", "dtao-swap", "subnet-shares"]))
    const inputs: ReadonlyArray<readonly [string, unknown]> = [
      ["sqrt-stake", { totalActiveBalanceGwei: "32000000000000000" }],
      ["dtao-swap", { tao: 1000, alpha: 1000, buyWithTao: 100, feeRate: 0 }],
      ["subnet-shares", { rule: "flow", emaFlows: [-100, -300, -400], cutoff: -1000 }],
      ["slash-destination", { amount: 100, toTreasury: 0.25, toWhistleblower: 0.1 }]
    ]
    for (const [name, input] of inputs) {
      const file = join(dir, `${name}.json`)
      writeFileSync(file, JSON.stringify(input))
      const cli = await sandbox(["mechanism", name, "--input", file])
      expect(cli.code, cli.stderr).toBe(0)
      expect(await mechanism(name, input), name).toEqual(JSON.parse(cli.stdout))
    }
    expect(await mechanism("sqrt-stake", { totalActiveBalanceGwei: "32000000000000000" })).toEqual({ baseRewardPerIncrement: "357", baseReward: "11424" })
  })

  it("refuses an input by field path, and a name that is no mechanism", async () => {
    const bad = await reject(mechanism("dtao-swap", { tao: 1000, alpha: 1000 }))
    expect(bad).toBeInstanceOf(ExperimentError)
    expect((bad as ExperimentError).message).toMatch(/^input: buyWithTao: Expected exactly one of buyWithTao or sellAlpha/)
    const extra = await reject(mechanism("slash-destination", { amount: 1, toTreasury: 0, toWhistleblower: 0, burn: 1 }))
    expect((extra as ExperimentError).issues.map((i) => i.path)).toEqual(["burn"])
    const unknown = await reject(mechanism("toString", {}))
    expect(unknown).toBeInstanceOf(InvalidArgument)
    expect((unknown as InvalidArgument).argument).toBe("name")
    expect((unknown as InvalidArgument).reason).toMatch(/^unknown mechanism "toString"; known: /)
  })
})
