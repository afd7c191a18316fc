/**
 * A sweep's directory is checked before it is trusted (issue 22, 5): damaged records and series
 * files are named, and the lock names its holder and is taken over only from a dead process.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs"
import { hostname, tmpdir } from "node:os"
import { join } from "node:path"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { describe, expect, it } from "vitest"
import { readRecords, runKey } from "../../src/experiment/Store.ts"
import { readRecord } from "../../src/experiment/StoreCheck.ts"
import { LOCK_FILE, liveHolder, lockStore } from "../../src/experiment/StoreLock.ts"

const store = () => {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-check-"))
  mkdirSync(join(dir, "runs"))
  return dir
}
const record = (dir: string, scenario: number, run: number, files: Record<string, number> = {}) =>
  writeFileSync(join(dir, "runs", `${runKey(scenario, run)}.json`), JSON.stringify({ scenario, run, status: "completed", files }) + "\n")

describe("readRecord", () => {
  it("trusts a record whose series files have the sizes it lists", () => {
    const dir = store()
    writeFileSync(join(dir, "runs", "s00000-r00000.parquet"), "x".repeat(100))
    record(dir, 0, 0, { ".parquet": 100 })
    expect(readRecord(dir, "s00000-r00000")._tag).toBe("ok")
  })

  it("names an empty record, a cut-short one and one that is not a run record", () => {
    const dir = store()
    record(dir, 0, 0)
    const file = join(dir, "runs", "s00000-r00000.json")
    writeFileSync(file, "")
    expect(readRecord(dir, "s00000-r00000")).toEqual({ _tag: "damaged", file, reason: "it is empty" })
    writeFileSync(file, '{"scenario":0,"run":0,"sta')
    expect(readRecord(dir, "s00000-r00000")).toMatchObject({ _tag: "damaged", file, reason: expect.stringMatching(/not valid JSON \(26 bytes; cut short\?\)/) })
    writeFileSync(file, "[1, 2]")
    expect(readRecord(dir, "s00000-r00000")).toMatchObject({ file, reason: expect.stringMatching(/not a run record/) })
  })

  it("names a series file that is missing or shorter than written", () => {
    const dir = store()
    const series = join(dir, "runs", "s00001-r00002.csv")
    record(dir, 1, 2, { ".csv": 500 })
    expect(readRecord(dir, "s00001-r00002")).toEqual({ _tag: "damaged", file: series, reason: "it is missing (the record s00001-r00002.json lists it)" })
    writeFileSync(series, "y".repeat(500))
    expect(readRecord(dir, "s00001-r00002")._tag).toBe("ok")
    truncateSync(series, 320)
    expect(readRecord(dir, "s00001-r00002")).toEqual({ _tag: "damaged", file: series, reason: "it has 320 bytes where 500 were written (cut short or changed)" })
  })
})

describe("readRecords", () => {
  it("fails on a damaged record with its file, instead of a JSON stack", async () => {
    const dir = store()
    record(dir, 0, 0)
    writeFileSync(join(dir, "runs", "s00000-r00001.json"), "")
    const exit = await Effect.runPromiseExit(readRecords(dir).pipe(Effect.provide(NodeContext.layer)))
    expect(exit).toMatchObject(Exit.fail({ _tag: "StoreDamaged", file: join(dir, "runs", "s00000-r00001.json"), reason: "it is empty" }))
  })
})

describe("the store lock", () => {
  const lock = (dir: string, command = "sandbox sweep a.yaml") => Effect.runPromiseExit(Effect.scoped(lockStore(dir, command)))

  it("is refused while a live process holds it, naming that process; released with its scope", async () => {
    const dir = store()
    // The test runner's parent process is alive and is not this process.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: hostname(), command: "sandbox sweep other.yaml", started: "2026-01-01T00:00:00.000Z" }))
    const refused = await lock(dir)
    expect(refused).toMatchObject(Exit.fail({ _tag: "StoreLocked", lockFile: join(dir, LOCK_FILE), holder: `\`sandbox sweep other.yaml\` (process ${process.ppid} on ${hostname()}, since 2026-01-01T00:00:00.000Z)` }))
    expect(liveHolder(dir)?._tag).toBe("StoreLocked")

    const free = store()
    let held = ""
    await Effect.runPromise(Effect.scoped(lockStore(free, "sandbox sweep mine.yaml").pipe(Effect.tap(() => Effect.sync(() => (held = readFileSync(join(free, LOCK_FILE), "utf8")))))))
    expect(JSON.parse(held)).toMatchObject({ pid: process.pid, host: hostname(), command: "sandbox sweep mine.yaml" })
    expect(existsSync(join(free, LOCK_FILE))).toBe(false)
  })

  it("takes over a lock whose process is gone, but not one from another host or one it cannot read", async () => {
    const dir = store()
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: Number(dead), host: hostname(), command: "sandbox sweep killed.yaml", started: "x" }))
    expect(liveHolder(dir)).toBeUndefined()
    expect(Exit.isSuccess(await lock(dir))).toBe(true)

    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: Number(dead), host: `not-${hostname()}`, command: "sandbox sweep far.yaml", started: "x" }))
    expect(await lock(dir)).toMatchObject(Exit.fail({ _tag: "StoreLocked", holder: expect.stringMatching(/sandbox sweep far\.yaml.* on not-/) }))
    writeFileSync(join(dir, LOCK_FILE), "")
    expect(await lock(dir)).toMatchObject(Exit.fail({ _tag: "StoreLocked", holder: "a process whose lock file cannot be read" }))
  })
})
