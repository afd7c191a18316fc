/**
 * StoreLock: one process at a time in a sweep's results directory.
 *
 * Without it a second `sweep --force` deleted the directory under a running sweep (which then
 * summarised a subset and exited 0), and two `--resume` on one directory removed each other's
 * temporary files (ENOENT). The lock is a file, `DIR/sweep.lock`, created exclusively (O_EXCL)
 * and holding who took it: process id, host, command and start time. It is removed when the
 * sweep ends, however it ends, short of SIGKILL or power loss; a lock left by a process that no
 * longer runs on this host is stale and taken over. A lock from another host (a directory on a
 * shared filesystem) cannot be checked from here: the message names the file to delete once that
 * process is known to be gone.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs"
import { hostname } from "node:os"
import { join } from "node:path"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import { OutputWriteError } from "./Output.ts"

/** The lock file's name inside a results directory. */
export const LOCK_FILE = "sweep.lock"

/** The directory is in use by another process: `holder` says which. */
export class StoreLocked extends Data.TaggedError("StoreLocked")<{
  readonly dir: string
  readonly holder: string
  readonly lockFile: string
}> {}

interface Holder {
  readonly pid: number
  readonly host: string
  readonly command: string
  readonly started: string
}

const readHolder = (file: string): Holder | undefined => {
  try {
    const h = JSON.parse(readFileSync(file, "utf8")) as Partial<Holder>
    return typeof h.pid === "number" && typeof h.host === "string" ? { pid: h.pid, host: h.host, command: String(h.command ?? "?"), started: String(h.started ?? "?") } : undefined
  } catch {
    return undefined
  }
}

const describe = (h: Holder | undefined): string =>
  h === undefined ? "a process whose lock file cannot be read" : `\`${h.command}\` (process ${h.pid} on ${h.host}, since ${h.started})`

/** The process with this id runs (EPERM: it runs as another user). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as { code?: string }).code === "EPERM"
  }
}

/** A lock whose holder is known to be gone: same host, process not running, or this very process's leftovers. */
const stale = (h: Holder | undefined): boolean => h !== undefined && h.host === hostname() && (h.pid === process.pid || !alive(h.pid))

/** Who holds `dir`'s lock, if a live process does (checked before `--force` deletes the directory). */
export const liveHolder = (dir: string): StoreLocked | undefined => {
  const file = join(dir, LOCK_FILE)
  if (!existsSync(file)) return undefined
  const h = readHolder(file)
  return stale(h) ? undefined : new StoreLocked({ dir, holder: describe(h), lockFile: file })
}

const tryCreate = (file: string, content: string): boolean => {
  let fd: number
  try {
    fd = openSync(file, "wx")
  } catch (e) {
    if ((e as { code?: string }).code === "EEXIST") return false
    throw e
  }
  try {
    writeSync(fd, content)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  return true
}

const take = (dir: string, command: string): Effect.Effect<void, StoreLocked | OutputWriteError> =>
  Effect.suspend(() => {
    const file = join(dir, LOCK_FILE)
    const content = JSON.stringify({ pid: process.pid, host: hostname(), command, started: new Date().toISOString() } satisfies Holder) + "\n"
    if (tryCreate(file, content)) return Effect.void
    const h = readHolder(file)
    if (stale(h)) {
      // Move the stale lock aside first, then look at what was moved: if another process took the
      // stale lock over in between, what was moved is its live lock, and it goes back.
      const aside = `${file}.stale-${process.pid}`
      try {
        renameSync(file, aside)
        const moved = readHolder(aside)
        if (stale(moved)) rmSync(aside, { force: true })
        else renameSync(aside, file)
      } catch {
        // Another process moved it first: fall through to one more exclusive create.
      }
      if (tryCreate(file, content)) return Effect.void
    }
    return Effect.fail(new StoreLocked({ dir, holder: describe(readHolder(file)), lockFile: file }))
  }).pipe(Effect.catchAllDefect((e) => Effect.fail(new OutputWriteError({ path: join(dir, LOCK_FILE), message: e instanceof Error ? e.message : String(e) }))))

const release = (dir: string): Effect.Effect<void> =>
  Effect.sync(() => {
    const file = join(dir, LOCK_FILE)
    if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true })
  })

/**
 * Hold `dir`'s lock for the current scope (`dir` exists). `command` is how the holder is named
 * to a second process that finds the lock.
 */
export const lockStore = (dir: string, command: string) => Effect.acquireRelease(take(dir, command), () => release(dir))
