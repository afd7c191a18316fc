/**
 * The code version covers what computes results beyond src/ and models/: the lockfile, the
 * bundle (a dependency patched into it changed every result while the version stayed the same)
 * and Node's major version (issue 22, 7).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { spawnSync } from "node:child_process"
import { fingerprint, fingerprintedFiles, gitCommit } from "../../src/experiment/CodeVersion.ts"

const checkout = () => {
  const root = mkdtempSync(join(tmpdir(), "sandbox-version-"))
  mkdirSync(join(root, "src"))
  mkdirSync(join(root, "models"))
  mkdirSync(join(root, "dist/cli/backends"), { recursive: true })
  writeFileSync(join(root, "src/a.ts"), "export const a = 1\n")
  writeFileSync(join(root, "models/m.ts"), "export const m = 1\n")
  writeFileSync(join(root, "package-lock.json"), '{"packages":{"node_modules/pure-rand":{"version":"8.4.2"}}}')
  writeFileSync(join(root, "dist/cli/sandbox.mjs"), "// bundle\n")
  writeFileSync(join(root, "dist/cli/backends/worker-entry.mjs"), "// pure-rand as bundled\n")
  writeFileSync(join(root, "dist/cli/chunk-ABC123.mjs"), "// code the CLI loads with import()\n")
  return root
}
const fresh = () => true

describe("code version", () => {
  it("covers the sources, the lockfile and the fresh bundle", () => {
    const root = checkout()
    expect(fingerprintedFiles(root, fresh)).toEqual(["src/a.ts", "models/m.ts", "package-lock.json", "dist/cli/sandbox.mjs", "dist/cli/backends/worker-entry.mjs", "dist/cli/chunk-ABC123.mjs"])
    // A stale bundle runs nowhere (the sources do), so it is not part of the version.
    expect(fingerprintedFiles(root, () => false)).toEqual(["src/a.ts", "models/m.ts", "package-lock.json"])
  })

  it("changes with a patched bundle, another lockfile or another Node major, and only then", () => {
    const root = checkout()
    const base = fingerprint(root, "20", fresh)
    expect(fingerprint(root, "20", fresh)).toBe(base)
    expect(fingerprint(root, "22", fresh)).not.toBe(base)
    writeFileSync(join(root, "dist/cli/backends/worker-entry.mjs"), "// pure-rand, modified\n")
    const patched = fingerprint(root, "20", fresh)
    expect(patched).not.toBe(base)
    writeFileSync(join(root, "dist/cli/chunk-ABC123.mjs"), "// a chunk, modified\n")
    const chunked = fingerprint(root, "20", fresh)
    expect(chunked).not.toBe(patched)
    writeFileSync(join(root, "package-lock.json"), '{"packages":{"node_modules/pure-rand":{"version":"8.4.3"}}}')
    expect(fingerprint(root, "20", fresh)).not.toBe(chunked)
  })

  it("names the git commit of a checkout, says when its sources changed since, and nothing outside git", () => {
    const root = checkout()
    expect(gitCommit(root)).toBeUndefined()
    const git = (...args: Array<string>) => spawnSync("git", ["-C", root, "-c", "user.name=t", "-c", "user.email=t@example.invalid", ...args], { encoding: "utf8" })
    if (git("init", "-q").status !== 0) return // no git here: nothing more to check
    git("add", "-A")
    git("commit", "-q", "-m", "first")
    const head = git("rev-parse", "--short=12", "HEAD").stdout.trim()
    expect(gitCommit(root)).toEqual({ commit: head, modified: false })
    // An untracked file and a change outside what computes results leave it unmodified.
    writeFileSync(join(root, "notes.txt"), "x\n")
    expect(gitCommit(root)).toEqual({ commit: head, modified: false })
    writeFileSync(join(root, "src/a.ts"), "export const a = 2\n")
    expect(gitCommit(root)).toEqual({ commit: head, modified: true })
    // A folder inside a checkout is not itself a checkout.
    expect(gitCommit(join(root, "src"))).toBeUndefined()
  })
})
