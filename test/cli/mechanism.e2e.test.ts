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
  })
})
