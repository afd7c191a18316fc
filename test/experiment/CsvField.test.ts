/**
 * CsvField: text from an experiment file or a worker can neither add rows or columns to a CSV
 * nor run as a spreadsheet formula (issue 22, #8).
 */
import { parse } from "csv-parse/sync"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { csvField } from "../../src/experiment/CsvField.ts"
import { metricsCsv, runsCsv } from "../../src/experiment/Results.ts"
import type { RunOutcome } from "../../src/experiment/RunOne.ts"

const spec = { scenario: 0, label: "base", run: 0, seed: 1, params: {} } as unknown as RunOutcome["spec"]

describe("csvField", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvField("a,b")).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField("two\nlines")).toBe('"two\nlines"')
    expect(csvField("plain")).toBe("plain")
  })

  it("neutralises formula prefixes, but not plain numbers", () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`)
    expect(csvField("+cmd")).toBe("'+cmd")
    expect(csvField("-2+3")).toBe("'-2+3")
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)")
    expect(csvField("\tx")).toBe("'\tx")
    expect(csvField("-5")).toBe("-5")
    expect(csvField("+1e3")).toBe("+1e3")
    expect(csvField("-0.25")).toBe("-0.25")
  })

  it("any text reads back as one field, never starting a formula", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", "=", "+", "-", "@", "\t", "1", " ") }), { minLength: 1, maxLength: 5 }), (fields) => {
        const rows = parse(fields.map(csvField).join(",") + "\n", { relax_quotes: false }) as Array<Array<string>>
        expect(rows).toHaveLength(1)
        expect(rows[0]).toHaveLength(fields.length)
        rows[0]!.forEach((cell, i) => {
          expect(/^[=+\-@\t\r]/.test(cell) && !/^[+-]?[\d.]/.test(cell)).toBe(false)
          expect(cell.replace(/^'/, "")).toBe(fields[i])
        })
      })
    )
  })
})

describe("hostile metric names and labels in the CSVs", () => {
  const outcome: RunOutcome = {
    _tag: "Completed",
    spec: { ...spec, label: "=cmd|' /C calc'!A0" },
    result: { metrics: ['=HYPERLINK("http://evil","click")', "price\nbase,0,0,injected,1"], series: [Float64Array.of(1, 2), Float64Array.of(3, 4)] }
  }

  it("metrics.csv keeps one row per epoch and metric, none a formula", () => {
    const rows = parse(metricsCsv([outcome])) as Array<Array<string>>
    expect(rows).toHaveLength(1 + 2 * 2)
    for (const row of rows) {
      expect(row).toHaveLength(5)
      for (const cell of row) expect(cell).not.toMatch(/^[=+@]/)
    }
    expect(rows.map((r) => r[3])).not.toContain("injected")
  })

  it("runs.csv escapes labels, string parameters and errors", () => {
    const csv = runsCsv(
      [{ scenario: 0, label: "@x", point: 0, run: 0, seed: 1, overrides: { "market.name": "=1+1" }, status: "failed", error: "-bad,\nrow" }],
      ["market.name"],
      ["price"]
    )
    const rows = parse(csv) as Array<Array<string>>
    expect(rows).toHaveLength(2)
    expect(rows[1]).toEqual(["'@x", "", "0", "0", "1", "'=1+1", "failed", "'-bad,\nrow", ""])
  })
})
