/**
 * `--force` replaces only an output directory this tool wrote: never the current directory, a
 * parent, a repository, a user's directory, a file or a symbolic link; and a default output
 * folder made from the experiment's name never steps out of its parent (issue 22, 1).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { OUTPUT_MARKER, safePathPart } from "../../src/experiment/OutputGuard.ts"
import { ROOT, sandbox } from "../support/cli.ts"

const DOTDOT = join(ROOT, "test/fixtures/hostile/dotdot-name.yaml")
const quick = ["--runs", "1", "--epochs", "3", "--workers", "1"]

describe("safePathPart", () => {
  it("never yields a name that leaves or hides in its parent", () => {
    for (const [name, safe] of [["..", "experiment"], [".", "experiment"], ["../../etc", "etc"], ["a/../b", "a-..-b"], ["", "experiment"], [".hidden", "hidden"], ["my exp v1.2", "my-exp-v1.2"]] as const) {
      expect(safePathPart(name)).toBe(safe)
    }
  })
})

describe.concurrent("--force", () => {
  const base = mkdtempSync(join(tmpdir(), "sandbox-force-"))
  /** A fresh working directory holding a user's file, as a project directory would. */
  const project = (name: string) => {
    const dir = join(base, name)
    mkdirSync(dir, { recursive: true })
    writeFileSync(join(dir, "mine.txt"), "user data")
    return dir
  }

  it("writes an experiment named '..' to reports/experiment, leaving the project directory alone", async () => {
    const cwd = project("dotdot")
    const r = await sandbox(["report", DOTDOT, ...quick, "--force"], cwd)
    expect(r.code, r.stderr).toBe(0)
    expect(readFileSync(join(cwd, "mine.txt"), "utf8")).toBe("user data")
    expect(existsSync(join(cwd, "reports", "experiment", "report.md"))).toBe(true)
    expect(existsSync(join(cwd, "reports", "experiment", OUTPUT_MARKER))).toBe(true)
    // The sweep's default folder too.
    const s = await sandbox(["sweep", DOTDOT, ...quick, "--force"], cwd)
    expect(s.code, s.stderr).toBe(0)
    expect(existsSync(join(cwd, "out", "experiment", "summary.json"))).toBe(true)
    expect(readFileSync(join(cwd, "mine.txt"), "utf8")).toBe("user data")
  })

  it("refuses the current directory, a parent, a user's directory, a repository, a file and a link (exit 2, nothing changed)", async () => {
    const cwd = project("refusals")
    const user = project("refusals/user-dir")
    const repo = project("refusals/repo")
    mkdirSync(join(repo, ".git"))
    writeFileSync(join(repo, OUTPUT_MARKER), "a marker does not make a repository replaceable")
    const file = join(cwd, "file.txt")
    writeFileSync(file, "a file")
    const link = join(cwd, "link")
    symlinkSync(user, link)
    const cases: ReadonlyArray<readonly [string, ReadonlyArray<string>, RegExp]> = [
      [".", ["run", join(ROOT, "experiments/default.yaml"), ...quick, "--out", ".", "--force"], /it is the current directory/],
      ["..", ["run", join(ROOT, "experiments/default.yaml"), ...quick, "--out", "..", "--force"], /it contains the current directory/],
      ["user", ["run", join(ROOT, "experiments/default.yaml"), ...quick, "--out", user, "--force"], /not written by this tool/],
      ["repo", ["report", join(ROOT, "experiments/default.yaml"), ...quick, "--out", repo, "--force"], /it is a repository/],
      ["file", ["run", join(ROOT, "experiments/default.yaml"), ...quick, "--out", file, "--force"], /it is not a directory/],
      ["link", ["run", join(ROOT, "experiments/default.yaml"), ...quick, "--out", link, "--force"], /symbolic link/],
      ["sweep", ["sweep", join(ROOT, "experiments/default.yaml"), ...quick, "--out", user, "--force"], /not written by this tool/]
    ]
    const results = await Promise.all(cases.map(([, args]) => sandbox(args, cwd)))
    results.forEach((r, i) => {
      const [what, , message] = cases[i]!
      expect(r.code, `${what}: ${r.stderr}`).toBe(2)
      expect(r.stderr, what).toMatch(/^error: --force will not replace /)
      expect(r.stderr, what).toMatch(message)
    })
    expect(readFileSync(join(cwd, "mine.txt"), "utf8")).toBe("user data")
    expect(readFileSync(join(user, "mine.txt"), "utf8")).toBe("user data")
    expect(readFileSync(join(repo, "mine.txt"), "utf8")).toBe("user data")
    expect(readFileSync(file, "utf8")).toBe("a file")
    expect(readdirSync(cwd).sort()).toEqual(["file.txt", "link", "mine.txt", "repo", "user-dir"])
  })

  it("still replaces its own output, run, report and sweep alike", async () => {
    const cwd = project("own")
    for (const cmd of ["run", "report", "sweep"]) {
      const out = join(cwd, cmd)
      const first = await sandbox([cmd, join(ROOT, "experiments/default.yaml"), ...quick, "--out", out], cwd)
      expect(first.code, first.stderr).toBe(0)
      expect(existsSync(join(out, OUTPUT_MARKER))).toBe(true)
      writeFileSync(join(out, "stale.txt"), "from before")
      const again = await sandbox([cmd, join(ROOT, "experiments/default.yaml"), ...quick, "--out", out, "--force"], cwd)
      expect(again.code, again.stderr).toBe(0)
      expect(existsSync(join(out, "stale.txt"))).toBe(false)
    }
  })
})
