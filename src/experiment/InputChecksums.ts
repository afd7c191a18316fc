/**
 * InputChecksums: the files an experiment reads, with their sha256, so a report says exactly
 * which inputs its numbers came from (a data file edited after the report no longer matches).
 */
import { createHash } from "node:crypto"
import { readFileSync, statSync } from "node:fs"
import * as Path from "node:path"
import { dataFileNames } from "./Loader.ts"

/** One input file: its name as the experiment writes it, the path read, its size and sha256 (hex). */
export interface InputChecksum {
  readonly name: string
  readonly path: string
  readonly bytes: number
  readonly sha256: string
}

/** sha256 (hex) of a file's bytes, and its size. */
export const fileChecksum = (path: string): { readonly bytes: number; readonly sha256: string } => {
  const data = readFileSync(path)
  return { bytes: statSync(path).size, sha256: createHash("sha256").update(data).digest("hex") }
}

/**
 * The data files `text` (the content of experiment `file`) names, resolved as the loader
 * resolves them (relative to the experiment file), each with its checksum. Called after the
 * experiment loaded, so every file named exists and was read.
 */
export const inputChecksums = (file: string, text: string): ReadonlyArray<InputChecksum> =>
  dataFileNames(text).map((name) => {
    const path = Path.isAbsolute(name) ? name : Path.join(Path.dirname(file), name)
    return { name, path, ...fileChecksum(path) }
  })
