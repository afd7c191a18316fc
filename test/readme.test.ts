/**
 * Every command in README.md's shell blocks, run verbatim on a fresh copy of the repository
 * (`git archive HEAD`, this checkout's node_modules linked in, `sandbox` on the PATH as the
 * README assumes after `npm link`), in the order a reader meets them: each must exit 0.
 *
 * A few cannot run here; they are listed below with the reason, and each must still be in the
 * README, so the list cannot hide a command that was changed or removed. Slow (minutes): it runs
 * full experiments as a reader would, so it has a generous timeout.
 */
import { execFileSync, spawn, spawnSync } from "node:child_process"
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ROOT } from "./support/cli.ts"

/** Commands not run, by prefix, and why. */
const NOT_RUN: ReadonlyArray<readonly [string, string]> = [
  ["npm ci", "installs from the registry; the copy links this checkout's node_modules instead"],
  ["npm test", "is the suite this test is part of"],
  ["npx vitest run", "runs part of the suite this test is part of"],
  ["npm run bench", "a benchmark of several minutes, timed, which tests must not be"],
  ["sandbox sweep big.yaml --queue", "needs a Redis server and workers (test/experiment covers distributed sweeps)"],
  ["sandbox tui", "needs an interactive terminal (test/tui covers the TUI)"]
]

/** The README's shell commands: the lines of its ```sh blocks, comments removed. */
export const readmeCommands = (readme: string): ReadonlyArray<string> =>
  [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].flatMap((m) =>
    m[1]!
      .split("\n")
      .map((l) => l.replace(/\s+#\s.*$/, "").trim())
      .filter((l) => l !== "" && !l.startsWith("#"))
  )

const git = spawnSync("git", ["-C", ROOT, "rev-parse", "HEAD"], { encoding: "utf8" })

describe.skipIf(git.status !== 0)(`README.md${git.status !== 0 ? " (skipped: not a git checkout)" : ""}`, () => {
  it("lists its commands, and the ones not run here are still in it", () => {
    const commands = readmeCommands(readFileSync(join(ROOT, "README.md"), "utf8"))
    expect(commands.length).toBeGreaterThan(10)
    for (const [prefix] of NOT_RUN) expect(commands.some((c) => c.startsWith(prefix)), `README no longer has "${prefix}"`).toBe(true)
  })

  it("runs every command verbatim on a fresh copy of the repository", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-readme-"))
    const repo = join(dir, "repo")
    mkdirSync(repo)
    execFileSync("sh", ["-c", `git -C "${ROOT}" archive HEAD | tar -x -C "${repo}"`])
    symlinkSync(join(ROOT, "node_modules"), join(repo, "node_modules"))
    // What `npm link` gives a reader: `sandbox` on the PATH.
    const bin = join(dir, "bin")
    mkdirSync(bin)
    writeFileSync(join(bin, "sandbox"), `#!/bin/sh\nexec "${process.execPath}" "${join(repo, "bin", "sandbox.js")}" "$@"\n`)
    chmodSync(join(bin, "sandbox"), 0o755)
    const commands = readmeCommands(readFileSync(join(repo, "README.md"), "utf8"))
    const failures: Array<string> = []
    for (const command of commands) {
      if (NOT_RUN.some(([prefix]) => command.startsWith(prefix))) continue
      // Asynchronously: a synchronous spawn blocked the test worker for minutes, and vitest failed
      // the run with "Timeout calling onTaskUpdate" although every test passed.
      const r = await new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn("sh", ["-c", command], { cwd: repo, env: { ...process.env, PATH: `${bin}:${process.env["PATH"]}`, NO_COLOR: "1" }, timeout: 600_000 })
        let stdout = ""
        let stderr = ""
        child.stdout.on("data", (d: Buffer) => (stdout += d))
        child.stderr.on("data", (d: Buffer) => (stderr += d))
        child.on("close", (status, signal) => resolve({ status, signal, stdout, stderr }))
      })
      if (r.status !== 0) failures.push(`${command}\n  exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join("\n  ")}`)
    }
    expect(failures, failures.join("\n")).toEqual([])
  }, 1_800_000)
})
