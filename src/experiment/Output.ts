/**
 * Output: writes a run's files into an output directory, all or nothing.
 *
 * Files go to a temporary sibling directory first and are renamed into place at the end, so a
 * failure or an interrupt never leaves a half-written output. An existing directory is only
 * replaced with `force`, and is checked before any work starts so a refused run costs nothing;
 * `force` replaces only a directory this tool wrote (it holds OUTPUT_MARKER, see OutputGuard.ts).
 */
import { lstatSync } from "node:fs"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Path from "@effect/platform/Path"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import { ensureReplaceable, OUTPUT_MARKER, OUTPUT_MARKER_TEXT } from "./OutputGuard.ts"

/** The output directory exists and `--force` was not given. */
export class OutputExists extends Data.TaggedError("OutputExists")<{ readonly dir: string }> {}

/** Writing the outputs failed (permissions, disk full, ...). */
export class OutputWriteError extends Data.TaggedError("OutputWriteError")<{
  readonly path: string
  readonly message: string
}> {}

/** A file to write, by name relative to the output directory (may include subdirectories): text or bytes (a report's PNG charts). */
export interface OutputFile {
  readonly name: string
  readonly content: string | Uint8Array
}

/** A file its writer creates at the path it is given (Parquet tables, written by DuckDB). */
export interface OutputWriter {
  readonly name: string
  readonly write: (path: string) => Effect.Effect<void, OutputWriteError>
}

/**
 * Fail with OutputExists when `dir` exists and `force` is off, and with UnsafeOutput when
 * `force` is on but `dir` is not an output directory of this tool (OutputGuard.ts).
 */
export const ensureWritable = (dir: string, force: boolean) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    // lstat, not exists: a dangling symbolic link exists too, and must not be replaced.
    const exists = yield* fs.exists(dir).pipe(Effect.orElseSucceed(() => false))
    const link = yield* Effect.sync(() => isLink(dir))
    if ((exists || link) && !force) return yield* new OutputExists({ dir })
    if (exists || link) yield* ensureReplaceable(dir)
  })

const isLink = (p: string): boolean => {
  try {
    return lstatSync(p).isSymbolicLink()
  } catch {
    return false
  }
}

/** Write `files` into `dir` atomically (temp dir + rename). */
export const writeOutputDir = (dir: string, force: boolean, files: ReadonlyArray<OutputFile | OutputWriter>) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    yield* ensureWritable(dir, force)
    const target = path.resolve(dir)
    const tmp = `${target}.partial-${process.pid}`
    const old = `${target}.replaced-${process.pid}`
    const fail = (p: string) => (e: { message: string }) => new OutputWriteError({ path: p, message: e.message })
    const write = Effect.gen(function* () {
      yield* fs.remove(tmp, { recursive: true }).pipe(Effect.ignore)
      yield* fs.makeDirectory(path.dirname(target), { recursive: true }).pipe(Effect.mapError(fail(path.dirname(target))))
      yield* fs.makeDirectory(tmp).pipe(Effect.mapError(fail(tmp)))
      yield* fs.writeFileString(path.join(tmp, OUTPUT_MARKER), OUTPUT_MARKER_TEXT).pipe(Effect.mapError(fail(path.join(dir, OUTPUT_MARKER))))
      for (const f of files) {
        const target = path.join(tmp, f.name)
        yield* fs.makeDirectory(path.dirname(target), { recursive: true }).pipe(Effect.mapError(fail(path.join(dir, f.name))))
        if ("content" in f) yield* (typeof f.content === "string" ? fs.writeFileString(target, f.content) : fs.writeFile(target, f.content)).pipe(Effect.mapError(fail(path.join(dir, f.name))))
        else yield* f.write(target)
      }
      const exists = yield* fs.exists(target).pipe(Effect.orElseSucceed(() => false))
      if (exists) {
        if (!force) return yield* new OutputExists({ dir })
        // Checked again at the moment of replacing: the directory may have changed meanwhile.
        yield* ensureReplaceable(dir)
        yield* fs.rename(target, old).pipe(Effect.mapError(fail(dir)))
      }
      yield* fs.rename(tmp, target).pipe(Effect.mapError(fail(dir)))
      if (exists) yield* fs.remove(old, { recursive: true }).pipe(Effect.ignore)
    })
    // Whatever happens (error or interrupt), no temporary directory is left behind.
    yield* write.pipe(Effect.ensuring(fs.remove(tmp, { recursive: true }).pipe(Effect.ignore)))
  })
