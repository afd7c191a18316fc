import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { checkGuardrail, checkGuardrails, compileGuardrail, runTermValues, seriesLookup, type RunSeries } from "../../src/analysis/Guardrails.ts"

const NaN_ = Number.NaN
/** A run from named series. */
const run = (cols: Record<string, ReadonlyArray<number>>): RunSeries => seriesLookup(Object.keys(cols), Object.values(cols).map((c) => Float64Array.from(c)))
const names = (...ms: Array<string>) => new Set(ms)

const compile = (src: string, metrics: ReadonlySet<string>) => {
  const g = compileGuardrail(src, metrics)
  if (!g.ok) throw new Error(g.error)
  return g.guardrail
}
const errorOf = (src: string, metrics: ReadonlySet<string>) => {
  const g = compileGuardrail(src, metrics)
  return g.ok ? "compiled" : g.error
}
/** Verdict and values of one guardrail over runs. */
const check = (src: string, runs: ReadonlyArray<Record<string, ReadonlyArray<number>>>) => {
  const metrics = new Set(runs.flatMap((r) => Object.keys(r)))
  return checkGuardrails([compile(src, metrics)], runs.map(run))[0]!
}
/** The single per-run value of `expr` in one run (through p50 over that run alone). */
const perRun = (expr: string, cols: Record<string, ReadonlyArray<number>>): number => check(`p50(${expr}) > -1e300`, [cols]).values[`p50(${expr})`]!

// Four runs' churn and price over five epochs.
const runs = [
  { churn: [0.01, 0.02, 0.08, 0.01, 0.01], price: [1, 2, 0.5, 1.5, 1.2] },
  { churn: [0.0, 0.01, 0.01, 0.02, 0.02], price: [1, 1.1, 1.2, 1.3, 1.4] },
  { churn: [0.03, 0.03, 0.03, 0.03, 0.03], price: [1, 0.2, 0.05, 0.04, 0.03] },
  { churn: [0.01, 0.01, 0.06, 0.01, 0.1], price: [1, 1, 1, 1, 1] }
]

describe("per-run functions over epochs", () => {
  const s = { x: [3, 1, 4, 1, 5, 9, 2, 6] }
  it("max, min, sum, mean, final", () => {
    expect(perRun("max(x)", s)).toBe(9)
    expect(perRun("min(x)", s)).toBe(1)
    expect(perRun("sum(x)", s)).toBe(31)
    expect(perRun("mean(x)", s)).toBe(31 / 8)
    expect(perRun("final(x)", s)).toBe(6)
    // A bare metric inside a function over runs is its final value.
    expect(perRun("x", s)).toBe(6)
  })

  it("drawdown is the largest fall from a running peak, as a fraction of the peak", () => {
    // Peaks 4 then 9; falls: 4->1 (75%), 9->2 (77.8%).
    expect(perRun("drawdown(x)", s)).toBeCloseTo(7 / 9, 12)
    expect(perRun("drawdown(x)", { x: [1, 2, 3, 4] })).toBe(0)
    expect(perRun("drawdown(x)", { x: [10, 5, 20, 15] })).toBe(0.5)
  })

  it("firstEpoch is the 0-based epoch a condition first holds, Infinity if never", () => {
    expect(perRun("firstEpoch(x > 4)", s)).toBe(4)
    expect(perRun("firstEpoch(x >= 3 and x < 4)", s)).toBe(0)
    expect(perRun("firstEpoch(x > 100)", s)).toBe(Infinity)
  })

  it("works on arithmetic over metrics at the same epoch", () => {
    expect(perRun("max(a * b)", { a: [1, 2, 3], b: [5, 4, 1] })).toBe(8)
    expect(perRun("sum(a - b)", { a: [1, 2, 3], b: [5, 4, 1] })).toBe(-4)
  })

  it("skips epochs with no value; a run with none is no data", () => {
    expect(perRun("max(x)", { x: [1, NaN_, 3, NaN_] })).toBe(3)
    expect(perRun("mean(x)", { x: [1, NaN_, 3, NaN_] })).toBe(2)
    expect(check("p50(max(x)) > 0", [{ x: [NaN_, NaN_] }]).verdict).toBe("no data")
  })

  it("property: max >= mean >= min and final is the last value, for any series", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), (xs) => {
        const g = compile("p50(max(x)) >= p50(mean(x)) and p50(mean(x)) >= p50(min(x)) and p50(final(x)) == p50(x)", names("x"))
        const t = runTermValues([g], run({ x: xs }))
        expect(t["max(x)"]).toBe(Math.max(...xs))
        expect(t["min(x)"]).toBe(Math.min(...xs))
        expect(t["final(x)"]).toBe(xs[xs.length - 1])
        // Mean may round a hair outside [min, max]; allow for it.
        expect(t["mean(x)"]!).toBeGreaterThanOrEqual(Math.min(...xs) - 1e-6)
        expect(t["mean(x)"]!).toBeLessThanOrEqual(Math.max(...xs) + 1e-6)
      })
    )
  })
})

describe("functions across runs", () => {
  it("p5, p50, p95, mean of per-run values (type-7 quantiles)", () => {
    // max churn per run: 0.08, 0.02, 0.03, 0.1 -> sorted 0.02, 0.03, 0.08, 0.1
    const r = check("p95(max(churn)) < 0.05", runs)
    expect(r.verdict).toBe("fail")
    expect(r.values["p95(max(churn))"]).toBeCloseTo(0.08 + 0.85 * 0.02, 12)
    expect(check("p5(max(churn)) < 0.05", runs).values["p5(max(churn))"]).toBeCloseTo(0.02 + 0.15 * 0.01, 12)
    expect(check("p50(max(churn)) < 0.06", runs).values["p50(max(churn))"]).toBeCloseTo(0.055, 12)
    expect(check("mean(max(churn)) < 0.06", runs).values["mean(max(churn))"]).toBeCloseTo(0.0575, 12)
  })

  it("share counts the runs where a per-run condition holds", () => {
    // min price per run: 0.5, 1, 0.03, 1 -> one run in four under 0.1
    const r = check("share(min(price) < 0.1) < 0.05", runs)
    expect(r.values["share(min(price) < 0.1)"]).toBe(0.25)
    expect(r.verdict).toBe("fail")
    expect(check("share(min(price) < 0.1) <= 0.25", runs).verdict).toBe("pass")
    expect(check("share(final(price) < 0.5 * max(price) or max(churn) > 0.09) == 0.5", runs).verdict).toBe("pass")
  })

  it("the older form keeps meaning the final epoch", () => {
    // final churn: 0.01, 0.02, 0.03, 0.1
    const old = check("p95(churn) < 0.05", runs)
    const explicit = check("p95(final(churn)) < 0.05", runs)
    expect(old.values["p95(churn)"]).toBeCloseTo(explicit.values["p95(final(churn))"]!, 15)
    expect(old.values["p95(churn)"]).toBeCloseTo(0.03 + 0.85 * 0.07, 12)
  })

  it("over-run quantiles of firstEpoch count runs where it never happens as later than any", () => {
    const r = check("p50(firstEpoch(price < 0.5)) > 2", runs)
    // first epoch under 0.5: never, never, 1, never -> median is Infinity
    expect(r.values["p50(firstEpoch(price < 0.5))"]).toBe(Infinity)
    expect(r.verdict).toBe("pass")
    expect(check("share(firstEpoch(price < 0.5) <= 1) == 0.25", runs).verdict).toBe("pass")
    expect(check("mean(firstEpoch(price < 0.5)) > 1e9", runs).verdict).toBe("pass")
  })

  it("arithmetic, logic and math functions combine values across runs", () => {
    expect(check("p50(max(churn)) >= 0.05 and p5(min(price)) > 0.01", runs).verdict).toBe("pass")
    expect(check("not (p50(sum(churn)) > 1) or mean(price) > 100", runs).verdict).toBe("pass")
    expect(check("max(p95(max(churn)), 0.2) == 0.2", runs).verdict).toBe("pass")
    expect(check("(p50(max(churn)) > 0.05) + (p50(price) < 1) >= 1", runs).verdict).toBe("pass")
  })
})

describe("no data", () => {
  it("a metric no run recorded gives 'no data', not PASS or FAIL", () => {
    const r = check("p50(max(profit)) < 0", [{ profit: [NaN_, NaN_] }, { profit: [NaN_] }])
    expect(r).toMatchObject({ verdict: "no data", pass: false })
    expect(Number.isNaN(r.values["p50(max(profit))"])).toBe(true)
  })

  it("runs without data are left out; the others decide", () => {
    expect(check("p50(max(profit)) > 1", [{ profit: [NaN_] }, { profit: [2, 3] }]).verdict).toBe("pass")
  })

  it("three-valued logic: false and unknown is false, true or unknown is true", () => {
    const data = [{ a: [1], b: [NaN_] }]
    expect(check("p50(a) > 5 and p50(b) > 0", data).verdict).toBe("fail")
    expect(check("p50(a) > 0 or p50(b) > 0", data).verdict).toBe("pass")
    expect(check("p50(a) > 0 and p50(b) > 0", data).verdict).toBe("no data")
    expect(check("not (p50(b) > 0)", data).verdict).toBe("no data")
  })

  it("a record without a term (a failed run) is no data from that run", () => {
    const g = compile("p50(max(x)) > 0", names("x"))
    expect(checkGuardrail(g, [{}, {}]).verdict).toBe("no data")
  })
})

describe("errors", () => {
  const m = names("churn", "price", "nakamoto")
  it("names unknown functions and metrics", () => {
    expect(errorOf("p95(churm) < 1", m)).toMatch(/unknown metric "churm" .*; known: churn, price, nakamoto/)
    expect(errorOf("p95(max(churm)) < 1", m)).toMatch(/unknown metric "churm" \(did you mean "churn"\?\); known/)
    expect(errorOf("p95(max(volume)) < 1", m)).not.toMatch(/did you mean/)
    expect(errorOf("p99(churn) < 1", m)).toMatch(/function p99 is not allowed; functions over runs: p5, p50, p95, mean, share; functions over a run's epochs: max, min, sum, mean, final, drawdown, firstEpoch/)
    expect(errorOf("p95(median(churn)) < 1", m)).toMatch(/function median is not allowed/)
  })

  it("says where each kind of function belongs", () => {
    expect(errorOf("churn < 1", m)).toMatch(/"churn" must be inside a function over runs, e.g. p95\(churn\)/)
    expect(errorOf("max(churn) < 1", m)).toMatch(/gives one value per run; wrap it in a function over runs, e.g. p95\(max\(churn\)\)/)
    expect(errorOf("p95(p50(churn)) < 1", m)).toMatch(/p50\(...\) is a function over runs and cannot be used inside p95/)
    expect(errorOf("p95(max(sum(churn))) < 1", m)).toMatch(/sum\(...\) cannot be used inside max/)
    expect(errorOf("share(max(churn)) < 1", m)).toMatch(/share\(\) takes a condition per run/)
    expect(errorOf("p95(max(churn) > 1) < 1", m)).toMatch(/for the share of runs meeting "max\(churn\) > 1" write share/)
    expect(errorOf("p95(firstEpoch(churn)) < 1", m)).toMatch(/firstEpoch\(\) takes a condition/)
    expect(errorOf("p95(max(churn > 1)) < 1", m)).toMatch(/max\(\) takes a number per epoch/)
    expect(errorOf("p95(sum(churn, price)) < 1", m)).toMatch(/sum\(\) takes one argument/)
    expect(errorOf("p95(max(3)) < 1", m)).toMatch(/reads no metric/)
    expect(errorOf("1 < 2", m)).toMatch(/reads no runs/)
  })

  it("refuses a guardrail that is not a condition, and non-conditions in logic", () => {
    expect(errorOf("p95(churn)", m)).toMatch(/must be a condition .* but it gives a number/)
    expect(errorOf("p95(churn) < 0.05 and p5(nakamoto)", m)).toMatch(/"and" needs a condition, but "p5\(nakamoto\)" is a number/)
    expect(errorOf("not p50(nakamoto)", m)).toMatch(/"not" needs a condition/)
  })

  it("rejects anything outside the safe vocabulary", () => {
    expect(errorOf("import({}, {})", m)).toMatch(/function import is not allowed/)
    expect(errorOf("f(x) = x", m)).toMatch(/functionassignment expressions are not allowed/)
    expect(errorOf("a = 1", m)).toMatch(/assignment expressions are not allowed/)
    expect(errorOf('evaluate("1")', m)).toMatch(/not allowed/)
    expect(errorOf("[1,2]", m)).toMatch(/array expressions are not allowed/)
    expect(errorOf("p95(churn) <", m)).toMatch(/cannot parse/)
    // A quoted string can only name a metric.
    expect(errorOf('"text" == "text"', m)).toMatch(/unknown metric "text"/)
    expect(errorOf("p95(constructor) < 1", m)).toMatch(/unknown metric "constructor"/)
  })

  it("names dotted metrics directly or quoted", () => {
    const dotted = names("attack.poisoning.profit", "attack.grief-eu.cost")
    const data = [{ "attack.poisoning.profit": [0, -3], "attack.grief-eu.cost": [10, 10] }, { "attack.poisoning.profit": [1, 5], "attack.grief-eu.cost": [10, 10] }]
    const g = (src: string) => checkGuardrails([compile(src, dotted)], data.map(run))[0]!
    expect(g("p50(attack.poisoning.profit) < 2").values).toEqual({ "p50(attack.poisoning.profit)": 1 })
    expect(g("p95(max(attack.poisoning.profit)) > 4").verdict).toBe("pass")
    expect(g('mean(sum("attack.grief-eu.cost")) == 20').verdict).toBe("pass")
    expect(errorOf("p50(attack.poisoning.loss) < 0", dotted)).toMatch(/unknown metric "attack.poisoning.loss"/)
  })
})
