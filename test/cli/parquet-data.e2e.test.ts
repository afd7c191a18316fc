/**
 * Parquet data inputs, end to end: a `.parquet` file in `data:` or given to `sandbox fit` is
 * read through DuckDB and validated as a CSV one is (file, row, column, exit code 2), and gives
 * the same values as the CSV it was made from, to the last bit.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { beforeAll, describe, expect, it } from "vitest"
import { Columnar, literal } from "../../src/experiment/Columnar.ts"
import { ROOT, sandbox } from "../support/cli.ts"

const dir = mkdtempSync(join(tmpdir(), "sandbox-parquet-"))

/** Write `sql`'s rows as a Parquet file. */
const parquet = async (name: string, sql: string) => {
  const db = await Columnar.open({ threads: 1 })
  try {
    await db.run(`COPY (${sql}) TO ${literal(join(dir, name))} (FORMAT parquet)`)
  } finally {
    db.close()
  }
  return join(dir, name)
}

beforeAll(async () => {
  // The shipped synthetic price path and holder distribution, as Parquet (DOUBLE and BIGINT columns).
  const rows = (file: string) => readFileSync(`${ROOT}experiments/data/${file}`, "utf8").split("\n").filter((l) => l !== "" && !l.startsWith("#")).slice(1).map((l) => l.split(","))
  await parquet("prices.parquet", `SELECT * FROM (VALUES ${rows("token-price-synthetic.csv").map(([e, p]) => `(${e}, ${p}::DOUBLE)`).join(", ")}) t(epoch, price)`)
  await parquet("holders.parquet", `SELECT * FROM (VALUES ${rows("holders-synthetic.csv").map(([h, b]) => `('${h}', ${b}::BIGINT)`).join(", ")}) t(holder, balance)`)
  await parquet("negative.parquet", "SELECT * FROM (VALUES ('a', 10.0), ('b', 2.5), ('c', -5.0)) t(holder, balance)")
  await parquet("nulls.parquet", "SELECT * FROM (VALUES ('a', 10.0), ('b', NULL)) t(holder, balance)")
  writeFileSync(join(dir, "broken.parquet"), "holder,balance\na,1\n")
  copyFileSync(`${ROOT}experiments/data/holders-synthetic.csv`, join(dir, "holders.csv"))
})

const experiment = (name: string, file: string) => {
  const path = join(dir, `${name}.yaml`)
  writeFileSync(path, `name: ${name}\nmodel: governance-capture\nseed: 3\nepochs: 30\nruns: 2\ndata:\n  holders.balances: { file: ${file}, column: balance }\nparams:\n  attack: { kind: coalition, proposeAt: 1 }\n`)
  return path
}

describe("Parquet data files", () => {
  it("`sandbox fit` reads a Parquet price series to the same fit as its CSV", async () => {
    const csv = await sandbox(["fit", "experiments/data/token-price-synthetic.csv", "--json"])
    const pq = await sandbox(["fit", join(dir, "prices.parquet"), "--json"])
    expect(pq.code).toBe(0)
    expect(JSON.parse(pq.stdout)).toEqual(JSON.parse(csv.stdout))
  })

  it("a data: input from Parquet runs as its CSV does", async () => {
    const a = await sandbox(["run", experiment("from-csv", "holders.csv"), "--json"])
    const b = await sandbox(["run", experiment("from-parquet", "holders.parquet"), "--json"])
    expect(b.code).toBe(0)
    expect(JSON.parse(b.stdout).scenarios).toEqual(JSON.parse(a.stdout).scenarios)
  })

  it("a negative value, a NULL, a missing column, a missing or broken file: file, row, column, exit code 2", async () => {
    const neg = await sandbox(["run", experiment("neg", "negative.parquet")])
    expect(neg.code).toBe(2)
    // Row 3 of the file is line 4 (the header is line 1), column 2.
    expect(neg.stderr).toMatch(/negative\.parquet:4:2: balance: Expected a number >= 0, got -5/)
    const nulls = await sandbox(["run", experiment("nulls", "nulls.parquet")])
    expect(nulls.code).toBe(2)
    expect(nulls.stderr).toMatch(/nulls\.parquet:3:2: balance: Expected a number, got ""/)
    const col = await sandbox(["fit", join(dir, "negative.parquet")])
    expect(col.code).toBe(2)
    expect(col.stderr).toMatch(/negative\.parquet:1:1: price: Expected a column "price"; the header has "holder", "balance"/)
    const missing = await sandbox(["run", experiment("missing", "none.parquet")])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/cannot read data file .*none\.parquet: no such file/)
    const broken = await sandbox(["run", experiment("broken", "broken.parquet")])
    expect(broken.code).toBe(2)
    expect(broken.stderr).toMatch(/cannot read data file .*broken\.parquet: not a readable Parquet file/)
  })
})
