/** `sandbox mechanism` as a user runs it: one rule step from a JSON file, and a bad input. */
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { sandbox } from "../support/cli.ts"

describe.concurrent("sandbox mechanism", () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-mech-"))
  const input = (name: string, value: unknown) => {
    const file = join(dir, name)
    writeFileSync(file, JSON.stringify(value))
    return file
  }

  it("prints the Ethereum base reward for 1,000,000 validators of 32 ETH", async () => {
    const r = await sandbox(["mechanism", "sqrt-stake", "--input", input("eth.json", { totalActiveBalanceGwei: "32000000000000000" })])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ baseRewardPerIncrement: "357", baseReward: "11424" })
  })

  it("names the file and field of a bad input, exit code 2", async () => {
    const r = await sandbox(["mechanism", "halving-by-issuance", "--input", input("bad.json", { base: 1, issued: -3, cap: 10 })])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/bad\.json.*issued: Expected a number >= 0, got -3/)
    const missing = await sandbox(["mechanism", "yuma", "--input", "no-such-input.json"])
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim()).toBe("error: no-such-input.json: cannot read input file: no such file")
  })

  it("runs Yuma consensus for one epoch and for several with bonds carried over", async () => {
    const base = { stake: [0.5, 0.3, 0.2], kappa: 0.5, bondsPenalty: 1, alpha: 0.1 }
    const weights = [[0.4, 0.3, 0.2, 0.1], [0.4, 0.3, 0.2, 0.1], [0, 0, 0.5, 0.5]]
    const one = await sandbox(["mechanism", "yuma", "--input", input("yuma.json", { ...base, weights })])
    expect(one.code).toBe(0)
    const out = JSON.parse(one.stdout)
    expect(Object.keys(out)).toEqual(["consensus", "incentive", "dividends", "bonds", "validatorTrust"])
    expect(out.dividends.map((d: number) => d.toFixed(4))).toEqual(["0.5814", "0.3488", "0.0698"])
    const many = await sandbox(["mechanism", "yuma", "--input", input("yuma3.json", { ...base, yuma3: true, epochs: [{ weights }, { weights }] })])
    expect(many.code).toBe(0)
    const epochs = JSON.parse(many.stdout).epochs
    expect(epochs).toHaveLength(2)
    expect(epochs[1].bonds[0][0]).toBeCloseTo(0.4 * (1 - 0.9 ** 2), 12)
    const ragged = await sandbox(["mechanism", "yuma", "--input", input("ragged.json", { ...base, weights: [[1, 0], [1], [0, 1]] })])
    expect(ragged.code).toBe(2)
    expect(ragged.stderr, ragged.stderr).toMatch(/ragged\.json: weights row 1 has 1 columns/)
  })
})
