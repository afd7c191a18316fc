/**
 * StoreCheck: what a sweep's directory holds is checked before it is trusted.
 *
 * A run record (`runs/sNNNNN-rNNNNN.json`) is written last and says the run is stored; it also
 * carries the size of each series file written before it (`files`). Power loss, a full disk
 * or another process can still leave a record empty, cut short or pointing at a truncated
 * series file; such a run is named with its file. On `--resume` it is computed again; at the
 * end of a sweep it stops the summary. And a summary is written only when every planned run
 * has its record: a directory changed under a sweep must not give a summary of a subset.
 */
import { readFileSync, statSync } from "node:fs"
import { join } from "node:path"
import * as Data from "effect/Data"
import type { RunRecord } from "./Results.ts"

/** A stored run's file is damaged: `file` and what is wrong with it. */
export class StoreDamaged extends Data.TaggedError("StoreDamaged")<{
  readonly dir: string
  readonly file: string
  readonly reason: string
}> {}

/** Planned runs without a record when the sweep ended. */
export class StoreIncomplete extends Data.TaggedError("StoreIncomplete")<{
  readonly dir: string
  readonly missing: ReadonlyArray<string>
  readonly planned: number
}> {}

/** A record read back, or the damaged file and why. */
export type RecordRead = { readonly _tag: "ok"; readonly record: RunRecord } | { readonly _tag: "damaged"; readonly file: string; readonly reason: string }

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v)

/** Read and check the record `runs/<key>.json` of `dir` and the series files it lists. */
export const readRecord = (dir: string, key: string): RecordRead => {
  const file = join(dir, "runs", `${key}.json`)
  const damaged = (reason: string, at = file): RecordRead => ({ _tag: "damaged", file: at, reason })
  let text: string
  try {
    text = readFileSync(file, "utf8")
  } catch (e) {
    return damaged(`it cannot be read (${(e as { code?: string }).code ?? String(e)})`)
  }
  if (text.trim() === "") return damaged("it is empty")
  let parsed: Partial<RunRecord>
  try {
    parsed = JSON.parse(text) as Partial<RunRecord>
  } catch {
    return damaged(`it is not valid JSON (${text.length} bytes; cut short?)`)
  }
  if (typeof parsed !== "object" || parsed === null || !isNumber(parsed.scenario) || !isNumber(parsed.run) || (parsed.status !== "completed" && parsed.status !== "failed")) {
    return damaged("it is not a run record (no scenario, run or status)")
  }
  const record = parsed as RunRecord
  for (const [suffix, bytes] of Object.entries(record.files ?? {})) {
    const series = join(dir, "runs", `${key}${suffix}`)
    let size: number
    try {
      size = statSync(series).size
    } catch {
      return damaged(`it is missing (the record ${key}.json lists it)`, series)
    }
    if (size !== bytes) return damaged(`it has ${size} bytes where ${bytes} were written (cut short or changed)`, series)
  }
  return { _tag: "ok", record }
}

/** How many missing runs a message names. */
const NAMED = 5

/** One line for a missing-runs error. */
export const missingText = (e: StoreIncomplete): string => {
  const named = e.missing.slice(0, NAMED).join(", ")
  return `${e.missing.length} of ${e.planned} planned runs have no record (${named}${e.missing.length > NAMED ? ", ..." : ""})`
}
