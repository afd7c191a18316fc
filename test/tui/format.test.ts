/** The TUI's pure helpers: formatting, charts with a scale, and reading attack and governance metrics. */
import { describe, expect, it } from "vitest"
import { attackLine, attackRows, chart, chartRange, compact, describeChange, fit, formatValue, governanceValues, grouped, noAttacksNote, percent, signed, sparkline, usd, wrap } from "../../src/tui/format.ts"

describe("TUI formatting", () => {
  it("draws sparklines scaled between min and max, a flat series at half height, zero at the baseline, NaN as blanks", () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7], 8)).toBe("▁▂▃▄▅▆▇█")
    expect(sparkline([5, 5, 5], 10)).toBe("▄▄▄")
    // Zero churn is the lowest bar, not a mid-height one.
    expect(sparkline([0, 0, 0], 10)).toBe("▁▁▁")
    expect(sparkline([1, Number.NaN, 3], 3)).toBe("▁ █")
    expect(sparkline([1, 2, 3, 4, 5], 2)).toBe("▁█")
    expect(sparkline([], 5)).toBe("")
  })

  it("draws from zero on a zero scale, and a 50% fall the same size at any price on a log scale", () => {
    expect(sparkline([0, 4, 8], 3, "zero")).toBe("▁▅█")
    expect(sparkline([6, 7, 8], 3, "zero")).toBe("▆▇█")
    expect(chartRange([6, 7, 8], "zero")).toEqual({ lo: 0, hi: 8 })
    expect(chartRange([6, 7, 8])).toEqual({ lo: 6, hi: 8 })
    // After a 99% crash, a fall from 0.01 to 0.005 is a fall, not a flat line at the bottom.
    const crash = [1, 0.5, 0.01, 0.005]
    expect(sparkline(crash, 4, "log")).toBe("█▇▂▁")
    expect(sparkline(crash, 4, "linear")).toBe("█▄▁▁")
    expect(chartRange([0, 0.01, 1], "log")).toEqual({ lo: 0.01, hi: 1 })
    expect(sparkline([0, 0.01, 1], 3, "log")).toBe(" ▁█")
  })

  it("draws charts several lines tall, the top line first", () => {
    expect(chart([0, 1, 2, 3], 4, 2)).toEqual(["  ▃█", "▁▆██"])
    expect(chart([5, 5], 2, 3)).toEqual(["  ", "▄▄", "██"])
  })

  it("groups thousands and formats values as panels declare them", () => {
    expect([grouped(1_234_567), grouped(0.0123), grouped(0.05), grouped(-2500), grouped(Number.NaN)]).toEqual(["1,234,567", "0.0123", "0.05", "-2,500", "-"])
    expect([formatValue(855, "count"), formatValue(12_345_678, "count"), formatValue(0.123, "share"), formatValue(1.5, "usd"), formatValue(-3, "signed"), formatValue(0.5951, "number")]).toEqual(["855", "12.35M", "12.3%", "$1.50", "-3", "0.595"])
  })

  it("formats numbers compactly", () => {
    expect([compact(0), compact(7), compact(1234), compact(12_345), compact(4_560_000), compact(7.891e9), compact(0.01234), compact(Number.NaN)]).toEqual(["0", "7", "1,234", "12.3k", "4.56M", "7.89B", "0.0123", "-"])
    expect([percent(0.1234), usd(3.14159), usd(2_500_000), usd(-39_300), signed(3), signed(-2), signed(0)]).toEqual(["12.3%", "$3.14", "$2.50M", "-$39.3k", "+3", "-2", "0"])
  })

  it("prints a negative zero as 0", () => {
    // signed(-exits) with no exits is signed(-0): it printed "-0".
    expect([signed(-0), compact(-0), usd(-0), signed(-(0 as number))]).toEqual(["0", "0", "$0.00", "0"])
    expect(signed(-1)).toBe("-1")
  })

  it("fits text to a width, marking cuts", () => {
    expect(fit("abc", 5)).toBe("abc  ")
    expect(fit("abcdef", 4)).toBe("abc…")
    expect(fit("abc", 0)).toBe("")
  })

  it("reads attack outcomes and governance from metric names", () => {
    const values = {
      activeOperators_eu: 10,
      "attack.grief.cost": 100,
      "attack.grief.profit": -100,
      "attack.grief.success": 0,
      "attack.grief.detectedEpoch": 12,
      attackSuccess: 1,
      attackCost: 5,
      "gov.proposalsOpen": 2
    }
    // Only the attack.<name>.* convention: a model's own names (attackSuccess) are its panels' business.
    expect(attackRows(values)).toEqual([{ attack: "grief", cost: 100, profit: -100, success: 0, detectedEpoch: 12 }])
    expect(governanceValues(values)).toEqual([["gov.proposalsOpen", 2]])
  })

  it("writes an attack's line verdict first, shortening the name before the verdict", () => {
    const r = { attack: "dos-europe", cost: 1_500_000, profit: -1_500_000, success: 1, detectedEpoch: 30 }
    expect(attackLine(r, 79)).toBe("dos-europe: SUCCEEDS · detected @30 · cost $1.50M · profit -$1.50M")
    expect(attackLine({ ...r, success: 0, detectedEpoch: Number.NaN }, 79)).toBe("dos-europe: fails · undetected · cost $1.50M · profit -$1.50M")
    expect(attackLine(r, 79, 30)).toBe("dos-europe: scheduled @30")
    const narrow = attackLine({ ...r, attack: "a-very-long-attack-name-indeed" }, 40)
    expect(narrow).toHaveLength(40)
    expect(narrow).toBe("a-very-long-a…: SUCCEEDS · detected @30…")
  })

  it("names the scenarios with attacks when the running one has none", () => {
    expect(noAttacksNote("no-attack", ["griefing", "own-operators"])).toBe("scenario no-attack has no attacks; these have: griefing, own-operators (sandbox tui <file> --scenario NAME)")
    expect(noAttacksNote(undefined, ["x"])).toBe("this scenario has no attacks; this one has: x (sandbox tui <file> --scenario NAME)")
    expect(noAttacksNote("a", [])).toBe("no attacks to launch: no scenario of this experiment defines one")
  })

  it("describes parameter changes, an attack's start as its launch", () => {
    const attacks = [{ name: "dos-europe", startEpochPath: "attacks.0.startEpoch" }]
    expect(describeChange("token.emission.perEpoch 500000 -> 250000 from epoch 98")).toBe("emission.perEpoch 500,000→250,000")
    expect(describeChange("attacks.0.startEpoch 30 -> 65 from epoch 65", attacks)).toBe("attack dos-europe launched")
    expect(describeChange("attacks.0.startEpoch 30 -> 90 from epoch 65", attacks)).toBe("attack dos-europe starts @90 (was @30)")
    expect(describeChange("attacks.0.offlineShare 0.9 -> 0.5 from epoch 65", attacks)).toBe("dos-europe.offlineShare 0.9→0.5")
    // An attack the model does not declare: the path speaks for itself.
    expect(describeChange("attacks.3.startEpoch 30 -> 65 from epoch 65", attacks)).toBe("3.startEpoch 30→65")
    expect(describeChange("proposal cut passed")).toBe("proposal cut passed")
  })

  it("wraps words into a few lines, cutting the last", () => {
    expect(wrap("", 10, 2)).toEqual([""])
    expect(wrap("short", 10, 2)).toEqual(["short"])
    expect(wrap("aaa bbb ccc ddd", 7, 2)).toEqual(["aaa bbb", "ccc ddd"])
    expect(wrap("aaa bbb ccc ddd eee", 7, 2)).toEqual(["aaa bbb", "ccc dd…"])
    expect(wrap("abcdefghij", 5, 2)).toEqual(["abcd…"])
  })
})
