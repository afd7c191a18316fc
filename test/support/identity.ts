/**
 * Byte-identity fixtures: the metrics CSV of a sample of committed experiments (shortened runs),
 * reduced to hashes. Refactors that move code without changing what a model does must leave
 * every hash unchanged (test/models/identity.test.ts); a change that is meant to change a
 * model's behaviour regenerates them with
 *
 *     node --import tsx test/support/identity.ts
 *
 * and says so in its commit message. The CSV is built exactly as `sandbox run --out` builds
 * metrics.csv (decode, plan, runOne, metricsCsv), in-process so the test stays quick.
 */
import { createHash } from "node:crypto"
import { readFileSync, writeFileSync } from "node:fs"
import * as Either from "effect/Either"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { metricsCsv } from "../../src/experiment/Results.ts"
import { runOne } from "../../src/experiment/RunOne.ts"
import { ROOT } from "./cli.ts"
import { dataFilesOf } from "./experiments.ts"

/** Where the hashes live. */
export const IDENTITY_FILE = `${ROOT}test/fixtures/identity.json`

/** Shortened runs: enough epochs for attacks, proposals and slashing to happen. */
export const IDENTITY_RUNS = 2
export const IDENTITY_EPOCHS = 60

/** One experiment's fingerprint: the whole CSV's hash and one hash per metric (to say which moved). */
export interface Fingerprint {
  readonly csv: string
  readonly bytes: number
  readonly metrics: Readonly<Record<string, string>>
}

const sha = (s: string): string => createHash("sha256").update(s).digest("hex").slice(0, 16)

/** The metrics.csv `sandbox run FILE --runs 2 --epochs 60 --out DIR` writes, as a string. */
export const metricsCsvOf = (file: string): string => {
  const path = `${ROOT}experiments/${file}`
  const text = readFileSync(path, "utf8")
  const decoded = decodeExperiment(file, text, { runs: IDENTITY_RUNS, epochs: IDENTITY_EPOCHS }, Number.POSITIVE_INFINITY, dataFilesOf(path, text))
  if (Either.isLeft(decoded)) throw new Error(`${file}: ${JSON.stringify(decoded.left)}`)
  const exp = decoded.right
  const model = models[exp.envelope.model]!
  return metricsCsv(planRuns(exp).map((spec) => runOne(model, exp.envelope.epochs, spec)))
}

/** Hash a metrics CSV as a whole and per metric (rows grouped by the metric column). */
export const fingerprint = (csv: string): Fingerprint => {
  const byMetric = new Map<string, Array<string>>()
  for (const line of csv.split("\n").slice(1)) {
    if (line === "") continue
    const metric = line.split(",")[3]!
    const rows = byMetric.get(metric) ?? []
    rows.push(line)
    byMetric.set(metric, rows)
  }
  const metrics: Record<string, string> = {}
  for (const [m, rows] of [...byMetric].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) metrics[m] = sha(rows.join("\n"))
  return { csv: sha(csv), bytes: Buffer.byteLength(csv), metrics }
}

/** The sample: every committed experiment, so each model and each attack is covered. */
export const identitySample = (): ReadonlyArray<string> =>
  Object.keys(JSON.parse(readFileSync(IDENTITY_FILE, "utf8")) as Record<string, Fingerprint>)

if (import.meta.url === `file://${process.argv[1]}`) {
  const { readdirSync } = await import("node:fs")
  const files = readdirSync(`${ROOT}experiments`).filter((f) => f.endsWith(".yaml")).sort()
  const out: Record<string, Fingerprint> = {}
  for (const f of files) {
    const t0 = Date.now()
    out[f] = fingerprint(metricsCsvOf(f))
    console.log(`${f}: ${out[f].bytes} bytes, ${out[f].csv} (${Date.now() - t0} ms)`)
  }
  writeFileSync(IDENTITY_FILE, JSON.stringify(out, null, 2) + "\n")
}
