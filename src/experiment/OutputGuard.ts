/**
 * OutputGuard: what `--force` may replace, and directory names made from experiment names.
 *
 * `--force` deletes a directory before writing a new one, so it must never point at something
 * the user made: every output directory this tool writes holds a marker file, and only a
 * directory holding it can be replaced. Whatever the marker says, the current directory, its
 * parents, the filesystem root, the home directory, a repository (a directory with `.git`) and
 * anything that is not a plain directory (a file, a device, a symbolic link) are never replaced.
 */
import { existsSync, lstatSync, realpathSync } from "node:fs"
import { homedir } from "node:os"
import { dirname, isAbsolute, relative, resolve } from "node:path"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"

/** The marker file in every output directory this tool creates. */
export const OUTPUT_MARKER = ".incentive-sandbox-output"

/** Its content: says what the file is for anyone who finds it. */
export const OUTPUT_MARKER_TEXT = "This directory was written by incentive-sandbox; `--force` may replace it.\n"

/** `--force` was asked to replace something this tool must not delete. */
export class UnsafeOutput extends Data.TaggedError("UnsafeOutput")<{ readonly dir: string; readonly reason: string }> {}

/** `child` is `parent` or inside it. */
const within = (child: string, parent: string): boolean => {
  const rel = relative(parent, child)
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel))
}

/** Why `dir` (which exists) must not be replaced, or undefined when it may be. */
export const replaceProblem = (dir: string, cwd: string = process.cwd()): string | undefined => {
  const st = lstatSync(dir)
  if (st.isSymbolicLink()) return "it is a symbolic link"
  if (!st.isDirectory()) return "it is not a directory"
  const real = realpathSync(dir)
  const here = realpathSync(cwd)
  if (within(here, real)) return real === here ? "it is the current directory" : "it contains the current directory"
  if (dirname(real) === real) return "it is the filesystem root"
  const home = homedir()
  if (home && existsSync(home) && within(realpathSync(home), real)) return "it is or contains the home directory"
  if (existsSync(resolve(real, ".git"))) return "it is a repository (it has .git)"
  if (!existsSync(resolve(real, OUTPUT_MARKER))) return `it was not written by this tool (no ${OUTPUT_MARKER} file in it)`
  return undefined
}

/** Fail with UnsafeOutput when `dir` exists and must not be replaced by --force. */
export const ensureReplaceable = (dir: string): Effect.Effect<void, UnsafeOutput> =>
  Effect.suspend(() => {
    let reason: string | undefined
    try {
      reason = replaceProblem(dir)
    } catch (e) {
      reason = `it cannot be inspected (${e instanceof Error ? e.message : String(e)})`
    }
    return reason === undefined ? Effect.void : Effect.fail(new UnsafeOutput({ dir, reason }))
  })

/**
 * A name usable as one path part: anything but letters, digits, `.`, `_` and `-` becomes `-`,
 * and leading dots and dashes go, so `..`, `.` or `../x` never step out of the parent (or hide).
 */
export const safePathPart = (name: string): string => {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[.-]+/, "").slice(0, 120)
  return safe === "" ? "experiment" : safe
}
