/**
 * AtomicWrite: files that are whole or absent, even after power loss. Each is written under a
 * temporary name, flushed to disk (fsync) and renamed into place; the directory is flushed
 * when the renames must survive too. Without the flush a crash could leave a renamed but empty
 * file (issue 22: an empty run record crashed --resume).
 */
import { open } from "node:fs/promises"
import * as FileSystem from "@effect/platform/FileSystem"
import * as Effect from "effect/Effect"
import { OutputWriteError } from "./Output.ts"

const fail = (path: string) => (e: { readonly message: string }) => new OutputWriteError({ path, message: e.message })

const ioError = (file: string) => (e: unknown) => new OutputWriteError({ path: file, message: e instanceof Error ? e.message : String(e) })

/** Write `content` to `file` and flush it to disk before returning. */
const writeSynced = (file: string, content: string, target = file) =>
  Effect.tryPromise({
    try: async () => {
      const handle = await open(file, "w")
      try {
        await handle.writeFile(content)
        await handle.sync()
      } finally {
        await handle.close()
      }
    },
    catch: ioError(target)
  })

/** Flush a file written by someone else (DuckDB) to disk; its size in bytes. */
export const syncFile = (file: string, target = file) =>
  Effect.tryPromise({
    try: async () => {
      const handle = await open(file, "r")
      try {
        await handle.sync()
        return (await handle.stat()).size
      } finally {
        await handle.close()
      }
    },
    catch: ioError(target)
  })

/** Flush a directory's entries (renames into it) to disk; a platform that cannot is left alone. */
export const syncDir = (dir: string) =>
  Effect.promise(async () => {
    try {
      const handle = await open(dir, "r")
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
    } catch {
      // Not every platform can open a directory to flush it; the files themselves are flushed.
    }
  })

/** Write a file under a temporary name, flush it to disk, then rename it into place. */
export const writeAtomic = (file: string, content: string) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const tmp = `${file}.tmp-${process.pid}`
    yield* writeSynced(tmp, content, file)
    yield* fs.rename(tmp, file).pipe(Effect.mapError(fail(file)))
  })
