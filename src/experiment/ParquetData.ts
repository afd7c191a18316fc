/**
 * ParquetData: a Parquet data file read through DuckDB (loaded on first use) into the CSV text
 * DataFile.readColumns reads, so a Parquet file is validated exactly as a CSV one: the header is
 * line 1 and the file's row r (1-based) is line r + 1 in messages (`prices.parquet:4:2` is its
 * third row, second column). Numbers are written in JavaScript's shortest round-trip form, so
 * every double arrives unchanged; NULL becomes an empty cell ("Expected a number, got ''").
 */
import { Columnar, literal } from "./Columnar.ts"

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return ""
  const s = typeof v === "string" ? v : typeof v === "number" || typeof v === "bigint" || typeof v === "boolean" ? String(v) : JSON.stringify(v)
  return /[",\n\r#]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s
}

/** The Parquet file at `path` as CSV text; fails when the text would pass `limit` bytes. */
export const parquetAsCsv = async (path: string, limit: number): Promise<string> => {
  const db = await Columnar.open({ threads: 1 })
  try {
    const { columns, rows } = await db.read(`SELECT * FROM read_parquet(${literal(path)})`)
    const lines = [columns.map(cell).join(",")]
    let bytes = lines[0]!.length
    for (const row of rows) {
      const line = row.map(cell).join(",")
      bytes += line.length + 1
      if (bytes > limit) throw new Error(`larger than ${limit} bytes once read`)
      lines.push(line)
    }
    return lines.join("\n") + "\n"
  } finally {
    db.close()
  }
}
