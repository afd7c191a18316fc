import { describe, expect, it } from "vitest"
import { formatDuration, formatNumber, table } from "../../src/format.ts"
import { makeProgressBar, renderProgress } from "../../src/cli/ProgressBar.ts"
import { storedProgress } from "../../src/experiment/Progress.ts"

describe("format helpers", () => {
  it("formats numbers for humans", () => {
    expect(formatNumber(1234567)).toBe("1,234,567")
    expect(formatNumber(0.123456)).toBe("0.1235")
    expect(formatNumber(1234.5)).toBe("1,235")
    expect(formatNumber(2.5e12)).toBe("2,500,000,000,000")
    expect(formatNumber(1.5e9 + 0.25)).toBe("1.500e+9")
    expect(formatNumber(0.00001234)).toBe("1.234e-5")
    expect(formatNumber(Number.NaN)).toBe("-")
  })

  it("aligns tables: first column left, the others right", () => {
    expect(table([["m", "v"], ["long-name", "1"], ["x", "100"]])).toBe("m            v\n---------  ---\nlong-name    1\nx          100")
  })

  it("formats durations", () => {
    expect([formatDuration(42), formatDuration(185), formatDuration(3720)]).toEqual(["42s", "3m 05s", "1h 02m"])
  })
})

describe("progress bar", () => {
  const p = { runsDone: 5, runsTotal: 20, epochsDone: 500, epochsTotal: 2000, failures: 1 }

  it("renders fraction, runs, ETA and failures", () => {
    expect(renderProgress(p, 10, 80)).toBe(`[${"#".repeat(10)}${".".repeat(30)}] 25% runs 5/20 · ETA 30s · 1 failed`)
  })

  it("counts stored runs when a sweep stores them: 99% computed is not 99% kept", () => {
    const sweep = { runsDone: 747, runsTotal: 750, epochsDone: 747, epochsTotal: 750, failures: 0, stored: 288, storedTotal: 750 }
    const line = renderProgress(sweep, 100, 120)
    expect(line).toMatch(/^\[#{15}\.{25}\] 38% stored 288\/750 \(computed 747\/750\) · ETA /)
  })

  it("a sweep's bar follows the runs stored, resumed ones included, not the runs computed", () => {
    const writes: Array<string> = []
    let t = 0
    const bar = makeProgressBar({ isTTY: true, columns: 120, write: (s: string) => writes.push(s) > 0 }, true, () => (t += 200))
    // 750 runs in the plan, 100 stored before a resume; the runner computes the other 650.
    const tracker = storedProgress(bar.update, 750, 100)
    for (let i = 0; i < 188; i++) tracker.onStored()
    tracker.onProgress({ runsDone: 647, runsTotal: 650, epochsDone: 647, epochsTotal: 650, failures: 0 })
    expect(tracker.stored()).toBe(288)
    expect(writes.at(-1)).toMatch(/ 38% stored 288\/750 \(computed 647\/650\)/)
    tracker.onStored()
    expect(writes.at(-1)).toMatch(/ 38% stored 289\/750 \(computed 647\/650\)/)
  })

  it("stays silent off a terminal and during the first second", () => {
    const writes: Array<string> = []
    const sink = { isTTY: true, columns: 80, write: (s: string) => writes.push(s) > 0 }
    let t = 0
    const bar = makeProgressBar(sink, true, () => t)
    bar.update(p)
    expect(writes).toEqual([])
    t = 1500
    bar.update(p)
    expect(writes).toHaveLength(1)
    bar.done()
    expect(writes[1]).toBe("\r\x1b[K")
    const piped: Array<string> = []
    const off = makeProgressBar({ isTTY: false, write: (s: string) => piped.push(s) > 0 }, true, () => (t += 5000))
    off.update(p)
    off.done()
    expect(piped).toEqual([])
  })
})

describe("sensitivity table", () => {
  it("ranks every input of each metric, largest effect first, R^2 once per metric", async () => {
    const { sensitivityTable } = await import("../../src/cli/SummaryTable.ts")
    const { standardizedRegression } = await import("../../src/analysis/Sensitivity.ts")
    // y = 3a - 2b + 0.5c exactly: the ranking is a, b, c and R^2 is 1.
    const a = [1, 2, 3, 4, 5, 6, 7, 8], b = [2, 1, 4, 3, 6, 5, 8, 9], c = [5, 3, 8, 1, 9, 2, 7, 4]
    const y = a.map((x, i) => 3 * x - 2 * b[i]! + 0.5 * c[i]!)
    const s = standardizedRegression("m", { c, a, b }, y)!
    const lines = sensitivityTable([s]).split("\n").slice(2)
    expect(lines.map((l) => l.trim().split(/\s+/).filter((w) => /^[abc]$/.test(w))[0])).toEqual(["a", "b", "c"])
    expect(lines[0]).toMatch(/^m\s+1\s+a\s+\S+\s+1$/)
    expect(lines[1]).toMatch(/^\s+2\s+b\s+-/)
    expect(lines[2]).toMatch(/^\s+3\s+c\s+\S+$/)
  })
})
