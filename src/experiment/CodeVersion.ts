/**
 * CodeVersion: a fingerprint of everything that computes results, so a distributed worker
 * running different code refuses jobs instead of mixing results: the sources (src/ and
 * models/), the lockfile (the exact versions of pure-rand, mathjs and every other dependency),
 * the bundled worker body when runs use it (dist/cli/: a bundle holds its dependencies' code,
 * so a dependency patched into it changes results without touching the sources), and Node's
 * major version (Math functions and V8's float formatting are the runtime's).
 *
 * Not covered: a dependency edited in place under node_modules/ of a source checkout (the
 * bundle, which `bin/sandbox.js` runs, is covered); run `npm ci` on every machine.
 *
 * `SANDBOX_CODE_VERSION` overrides it: for tests that simulate a mismatched deployment, and for
 * operators who pin a release name across machines with identical checkouts.
 */
import { spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { bundleIsFresh } from "../../bin/fresh.js"
import { VERSION } from "../version.ts"

const ROOT = fileURLToPath(new URL("../../", import.meta.url))

const sources = (dir: string): Array<string> =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) return sources(path)
      return /\.(ts|tsx|mjs)$/.test(name) ? [path] : []
    })

/** The bundle (bin/build.js): the CLI, and the worker body its run threads load while it is fresh. */
const BUNDLE = ["dist/cli/sandbox.mjs", "dist/cli/backends/worker-entry.mjs"]

/** The CLI bundle's chunks (code it loads with import(), bin/build.js), sorted. */
const chunks = (root: string): ReadonlyArray<string> => {
  const dir = join(root, "dist/cli")
  return existsSync(dir) ? readdirSync(dir).filter((n) => /^chunk-.*\.mjs$/.test(n)).sort().map((n) => `dist/cli/${n}`) : []
}

/**
 * Every file the fingerprint covers under `root`, relative to it: sources, the lockfile, and the
 * bundle files that are fresh (a stale bundle runs nowhere: bin/fresh.js falls back to sources).
 */
export const fingerprintedFiles = (root: string, fresh: (file: string) => boolean = bundleIsFresh): ReadonlyArray<string> => {
  const files = [...sources(join(root, "src")), ...sources(join(root, "models"))]
  const lock = join(root, "package-lock.json")
  if (existsSync(lock)) files.push(lock)
  for (const b of [...BUNDLE, ...chunks(root)]) if (existsSync(join(root, b)) && fresh(join(root, b))) files.push(join(root, b))
  return files.map((f) => relative(root, f))
}

/** sha256 over Node's major version and the fingerprinted files' paths and contents, 12 hex. */
export const fingerprint = (root: string, nodeMajor: string, fresh?: (file: string) => boolean): string => {
  const hash = createHash("sha256")
  hash.update(`node ${nodeMajor}\0`)
  for (const file of fingerprintedFiles(root, fresh)) hash.update(file).update("\0").update(readFileSync(join(root, file))).update("\0")
  return hash.digest("hex").slice(0, 12)
}

const cached = new Map<string, string>()

/**
 * `VERSION+<fingerprint of this checkout on this Node major>`, plus the folders of any models
 * outside the repository the run uses (`modelDirs`, absolute; hashed by their paths inside the
 * folder, so the same model checked out elsewhere matches).
 */
export const codeVersion = (modelDirs: ReadonlyArray<string> = []): string => {
  const override = process.env["SANDBOX_CODE_VERSION"]
  if (override) return override
  const key = modelDirs.join("\0")
  let version = cached.get(key)
  if (version === undefined) {
    let fp = fingerprint(ROOT, process.versions.node.split(".")[0]!)
    if (modelDirs.length > 0) {
      const hash = createHash("sha256").update(fp)
      for (const dir of modelDirs) for (const file of sources(dir)) if (!file.includes("node_modules")) hash.update(relative(dir, file)).update("\0").update(readFileSync(file)).update("\0")
      fp = hash.digest("hex").slice(0, 12)
    }
    version = `${VERSION}+${fp}`
    cached.set(key, version)
  }
  return version
}

/**
 * The git commit of the checkout at `root` (12 hex), and whether the files the fingerprint covers
 * differ from it; undefined outside a git checkout (a release tarball, `git archive`) or without
 * git. For people, not for matching: the fingerprint in `codeVersion` is what identifies the code.
 */
export const gitCommit = (root: string = ROOT): { readonly commit: string; readonly modified: boolean } | undefined => {
  const git = (...args: Array<string>) => spawnSync("git", ["-C", root, ...args], { encoding: "utf8", timeout: 10_000 })
  // Only a checkout whose top is `root` itself: not a repository that merely contains it.
  const top = git("rev-parse", "--show-toplevel")
  if (top.status !== 0 || relative(top.stdout.trim(), root) !== "") return undefined
  const head = git("rev-parse", "--short=12", "HEAD")
  if (head.status !== 0) return undefined
  const status = git("status", "--porcelain", "--untracked-files=no", "--", "src", "models", "package-lock.json")
  return { commit: head.stdout.trim(), modified: status.status === 0 && status.stdout.trim() !== "" }
}

/**
 * The version as `sandbox --version` and reports print it: `codeVersion` (what a sweep's manifest
 * records and a distributed worker matches), then the git commit when there is one.
 */
export const describeVersion = (modelDirs: ReadonlyArray<string> = []): string => {
  const git = gitCommit()
  return `${codeVersion(modelDirs)}${git ? ` (git ${git.commit}${git.modified ? ", modified" : ""})` : ""}`
}
