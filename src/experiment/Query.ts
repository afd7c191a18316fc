/**
 * Query: a results directory as SQL views, over DuckDB.
 *
 * Whatever wrote the directory (`run --out`, `sweep`, Parquet or `--format csv`), the same views
 * come out, so a question is asked the same way of every result:
 *   metrics(scenario, run, epoch, metric, value)   one row per recorded value (tidy)
 *   series(scenario, run, epoch, <one column per metric>)   the same, one row per epoch (Parquet only)
 *   attacks(scenario, run, epoch, attack, cost, profit, success, detectedEpoch)
 *   runs(scenario, variant, point, run, seed, <swept parameters>, status, error, <final metrics>)
 *   scenarios(id, scenario, variant, point, overrides, params)   (Parquet only)
 * Reports and other readers use `readSeries` rather than SQL text.
 */
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"
import { attackColumns } from "./Results.ts"
import { Columnar, ident, literal } from "./Columnar.ts"

/** Where a directory's per-epoch Parquet data is: one file (run --out) or one per run (sweep). */
const seriesFiles = (dir: string): ReadonlyArray<string> => {
  if (existsSync(join(dir, "series.parquet"))) return [join(dir, "series.parquet")]
  const runs = join(dir, "runs")
  if (!existsSync(runs)) return []
  return readdirSync(runs)
    .filter((n) => n.endsWith(".parquet"))
    .sort()
    .map((n) => join(runs, n))
}

/** The tables a results directory offers, by view name. */
export const tablesOf = (dir: string): ReadonlyArray<string> => {
  const has = (f: string) => existsSync(join(dir, f))
  const parquet = seriesFiles(dir).length > 0
  return [
    ...(parquet || has("metrics.csv") ? ["metrics"] : []),
    ...(parquet ? ["series"] : []),
    ...(has("attacks.csv") || parquet ? ["attacks"] : []),
    ...(has("runs.parquet") || has("runs.csv") ? ["runs"] : []),
    ...(has("scenarios.parquet") ? ["scenarios"] : [])
  ]
}

/** Open a results directory: a DuckDB session with its tables as views. */
export const openResults = async (dir: string): Promise<Columnar> => {
  const db = await Columnar.open()
  try {
    const file = (name: string) => literal(join(dir, name))
    const has = (name: string) => existsSync(join(dir, name))
    if (has("scenarios.parquet")) await db.run(`CREATE VIEW scenarios AS SELECT * FROM read_parquet(${file("scenarios.parquet")})`)
    if (has("runs.parquet")) await db.run(`CREATE VIEW runs AS SELECT * FROM read_parquet(${file("runs.parquet")})`)
    else if (has("runs.csv")) await db.run(`CREATE VIEW runs AS SELECT * FROM read_csv(${file("runs.csv")}, header = true)`)
    const parts = seriesFiles(dir)
    if (parts.length > 0) {
      const source = `read_parquet([${parts.map(literal).join(", ")}], union_by_name = true)`
      const label = has("scenarios.parquet") ? "s.scenario" : "CAST(p.scenario AS VARCHAR)"
      const join_ = has("scenarios.parquet") ? "JOIN scenarios s ON s.id = p.scenario" : ""
      await db.run(`CREATE VIEW series AS SELECT ${label} AS scenario, p.* EXCLUDE (scenario) FROM ${source} p ${join_}`)
      await db.run(`CREATE VIEW metrics AS SELECT scenario, run, epoch, metric, value FROM (UNPIVOT series ON COLUMNS(* EXCLUDE (scenario, run, epoch)) INTO NAME metric VALUE value)`)
      const names = (await db.read(`SELECT column_name FROM (DESCRIBE series)`)).rows.map((r) => String(r[0])).slice(3)
      const attacks = attackColumns(names)
      const col = (i: number) => (i >= 0 ? ident(names[i]!) : "NULL::DOUBLE")
      const selects = attacks.map(
        (a) =>
          `SELECT scenario, run, epoch, ${literal(a.attack)} AS attack, ${col(a.cost)} AS cost, ${col(a.profit)} AS profit, ${col(a.success)} AS success, ${col(a.detectedEpoch)} AS detectedEpoch FROM series WHERE ${col(a.cost)} IS NOT NULL`
      )
      await db.run(
        `CREATE VIEW attacks AS ${selects.length > 0 ? selects.join(" UNION ALL ") : "SELECT NULL::VARCHAR AS scenario, NULL::INTEGER AS run, NULL::INTEGER AS epoch, NULL::VARCHAR AS attack, NULL::DOUBLE AS cost, NULL::DOUBLE AS profit, NULL::DOUBLE AS success, NULL::DOUBLE AS detectedEpoch WHERE false"}`
      )
    } else {
      if (has("metrics.csv")) await db.run(`CREATE VIEW metrics AS SELECT * FROM read_csv(${file("metrics.csv")}, header = true, columns = {'scenario': 'VARCHAR', 'run': 'INTEGER', 'epoch': 'INTEGER', 'metric': 'VARCHAR', 'value': 'DOUBLE'})`)
      if (has("attacks.csv")) await db.run(`CREATE VIEW attacks AS SELECT * FROM read_csv(${file("attacks.csv")}, header = true)`)
    }
    return db
  } catch (e) {
    db.close()
    throw e
  }
}

/** Per-epoch series of one metric: for each scenario (in plan order where the directory records it), one Float64Array per run, by run index. */
export interface MetricSeries {
  readonly metric: string
  readonly scenarios: ReadonlyArray<{ readonly scenario: string; readonly runs: ReadonlyArray<{ readonly run: number; readonly values: Float64Array }> }>
}

/**
 * Read one metric's per-epoch series from an open results directory (the read API reports and
 * other tools use): every run's values as a Float64Array, epochs in order, NaN where unrecorded.
 */
export const readSeries = async (db: Columnar, metric: string): Promise<MetricSeries> => {
  // count(*) is a BIGINT: it comes back as a bigint, which is never === 0.
  const hasScenarios = Number((await db.read(`SELECT count(*) FROM duckdb_views() WHERE view_name = 'scenarios'`)).rows[0]![0]) !== 0
  const order = `(SELECT min(id) FROM scenarios s WHERE s.scenario = m.scenario)`
  const { rows } = await db.read(
    `SELECT scenario, run, list(value ORDER BY epoch) FROM metrics m WHERE metric = ${literal(metric)} GROUP BY scenario, run ORDER BY ${hasScenarios ? order : "scenario"}, run`
  )
  const byScenario = new Map<string, Array<{ run: number; values: Float64Array }>>()
  for (const [scenario, run, values] of rows) {
    const list = byScenario.get(String(scenario)) ?? []
    list.push({ run: Number(run), values: Float64Array.from(values as ReadonlyArray<number | null>, (v) => (typeof v === "number" ? v : Number.NaN)) })
    byScenario.set(String(scenario), list)
  }
  return { metric, scenarios: [...byScenario].map(([scenario, runs]) => ({ scenario, runs: runs.sort((a, b) => a.run - b.run) })) }
}
