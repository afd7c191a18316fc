/**
 * A validator stake distribution from a data file, end to end (issue 17: "a missing file, a bad
 * column, a negative stake each get the file, row and column, exit 2"): the shipped synthetic
 * distribution starts the network with its validators; each broken file is refused with its
 * file, row and column, exit code 2, and nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-stakes-"))

const experiment = (name: string, file: string, column = "stake") => {
  const path = join(dir, `${name}.yaml`)
  writeFileSync(path, `name: ${name}\nseed: 5\nepochs: 10\nruns: 2\ndata:\n  validators.initialStakes: { file: ${file}, column: ${column} }\n`)
  return path
}

describe("validators.initialStakes from a data file", () => {
  it("the shipped distribution sets how many validators start, instead of validators.count", async () => {
    writeFileSync(join(dir, "stakes.csv"), readFileSync(`${ROOT}experiments/data/validator-stakes-synthetic.csv`, "utf8"))
    const rows = readFileSync(join(dir, "stakes.csv"), "utf8").split("\n").filter((l) => l !== "" && !l.startsWith("#")).length - 1
    const validators = async (path: string) => {
      const r = await sandbox(["run", path, "--epochs", "1", "--json"])
      expect(r.code).toBe(0)
      return (JSON.parse(r.stdout).scenarios[0].metrics as Array<{ metric: string; p50: number }>).find((m) => m.metric === "activeValidators")!.p50
    }
    const drawnPath = join(dir, "drawn.yaml")
    writeFileSync(drawnPath, "name: drawn\nseed: 5\nepochs: 10\nruns: 2\n")
    const fromFile = await validators(experiment("shipped", "stakes.csv"))
    const drawn = await validators(drawnPath)
    // After one epoch a few validators may have joined or left; the start is the file's, not the drawn count.
    expect(Math.abs(fromFile - rows)).toBeLessThanOrEqual(3)
    expect(Math.abs(drawn - rows)).toBeGreaterThan(10)
  })

  it("a negative stake, a bad column, a missing file: file, row, column, exit code 2, nothing written", async () => {
    const out = join(dir, "out")
    writeFileSync(join(dir, "negative.csv"), "# provenance: hand-written for this test\nvalidator,stake\nv1,5000\nv2,-5\n")
    const neg = await sandbox(["run", experiment("neg", "negative.csv"), "--out", out])
    expect(neg.code).toBe(2)
    // Line 4 of the file (after the comment and the header), column 2.
    expect(neg.stderr).toMatch(/neg\.yaml:6:\d+: data\["validators\.initialStakes"\]: .*negative\.csv:4:2: stake: Expected a number >= 0, got -5/)
    writeFileSync(join(dir, "column.csv"), "validator,stakes\nv1,5000\n")
    const col = await sandbox(["run", experiment("col", "column.csv"), "--out", out])
    expect(col.code).toBe(2)
    expect(col.stderr).toMatch(/column\.csv:1:1: stake: Expected a column "stake"; the header has "validator", "stakes"/)
    writeFileSync(join(dir, "text.csv"), "validator,stake\nv1,5000\nv2,lots\n")
    const text = await sandbox(["run", experiment("text", "text.csv"), "--out", out])
    expect(text.code).toBe(2)
    expect(text.stderr).toMatch(/text\.csv:3:2: stake: Expected a number, got "lots"/)
    const missing = await sandbox(["run", experiment("missing", "nope.csv"), "--out", out])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/missing\.yaml:6:\d+: data\["validators\.initialStakes"\]\.file: cannot read data file .*nope\.csv: no such file/)
    expect(existsSync(out)).toBe(false)
  })
})
