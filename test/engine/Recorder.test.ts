import { describe, expect, it } from "vitest"
import { Recorder } from "../../src/engine/Recorder.ts"

describe("Recorder", () => {
  it("records by index and by name per epoch, leaving unwritten cells NaN", () => {
    const r = new Recorder([{ name: "a", description: "" }, { name: "b", description: "" }], 3)
    r.epoch = 0
    r.set(r.id("a"), 1)
    r.epoch = 2
    r.record("b", 5)
    r.record("a", 3)
    expect(Array.from(r.series[0]!)).toEqual([1, Number.NaN, 3])
    expect(r.finals()).toEqual({ a: 3, b: 5 })
    expect(() => r.id("nope")).toThrow(/unknown metric/)
  })

  it("rejects duplicate metric names", () => {
    expect(() => new Recorder([{ name: "a", description: "" }, { name: "a", description: "" }], 1)).toThrow(/duplicate/)
  })
})
