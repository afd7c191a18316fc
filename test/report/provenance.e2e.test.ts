/**
 * What a report says about where its numbers came from: the data files the experiment read with
 * their sha256, the experiment file's own checksum, and the code version: the one `sandbox
 * --version` prints and a sweep's manifest records, with the git commit when there is one.
 */
import { spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-provenance-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const sha = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex")

describe("report provenance", () => {
  it("names every data input with its size and sha256, and the experiment file's checksum", async () => {
    const out = join(dir, "replay")
    const r = await sandbox(["report", "experiments/replay-price.yaml", "--runs", "2", "--epochs", "20", "--workers", "1", "--out", out])
    expect(r.code, r.stderr).toBe(0)
    const md = readFileSync(join(out, "report.md"), "utf8")
    const html = readFileSync(join(out, "report.html"), "utf8")
    for (const name of ["data/token-price-synthetic.csv", "data/validator-stakes-synthetic.csv", "data/region-costs-synthetic.csv"]) {
      const bytes = readFileSync(join(ROOT, "experiments", name))
      expect(md).toContain(`| ${name} | ${bytes.length} | ${sha(bytes)} |`)
      expect(html).toContain(`<td>${name}</td><td>${bytes.length}</td><td>${sha(bytes)}</td>`)
    }
    const experiment = readFileSync(join(out, "experiment.yaml"))
    expect(experiment.equals(readFileSync(join(ROOT, "experiments/replay-price.yaml")))).toBe(true)
    expect(md).toContain(`| experiment file sha256 | ${sha(experiment)} |`)
  })

  it("records the version `sandbox --version` prints and a sweep's manifest holds, and the git commit", async () => {
    const v = await sandbox(["--version"])
    expect(v.code, v.stderr).toBe(0)
    const printed = /^sandbox (\d+\.\d+\.\d+\+[0-9a-f]{12})(?: \(git ([0-9a-f]{12})(, modified)?\))?\n$/.exec(v.stdout)
    expect(printed, v.stdout).not.toBeNull()
    const sweep = await sandbox(["sweep", "experiments/default.yaml", "--runs", "1", "--epochs", "5", "--workers", "1", "--out", join(dir, "sweep")])
    expect(sweep.code, sweep.stderr).toBe(0)
    expect(JSON.parse(readFileSync(join(dir, "sweep", "manifest.json"), "utf8")).version).toBe(printed![1])
    const out = join(dir, "default")
    const r = await sandbox(["report", "experiments/default.yaml", "--runs", "2", "--epochs", "10", "--workers", "1", "--out", out])
    expect(r.code, r.stderr).toBe(0)
    const md = readFileSync(join(out, "report.md"), "utf8")
    expect(md).toContain(`| incentive-sandbox version | ${printed![1]} |`)
    expect(md).toContain("Data inputs: none (the experiment reads no data files).")
    const head = spawnSync("git", ["-C", ROOT, "rev-parse", "--short=12", "HEAD"], { encoding: "utf8" })
    if (head.status === 0) {
      expect(printed![2]).toBe(head.stdout.trim())
      expect(md).toMatch(new RegExp(`\\| git commit \\| ${head.stdout.trim()}( \\(src/, models/ or package-lock\\.json modified since\\))? \\|`))
    } else expect(md).not.toContain("| git commit |")
  })
})
