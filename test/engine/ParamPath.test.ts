import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { getPath, hasPath, listIndexProblem, setPath } from "../../src/engine/ParamPath.ts"

describe("ParamPath", () => {
  const params = { token: { emission: { kind: "fixed", perEpoch: 5 } }, attacks: [{ name: "a", startEpoch: 3 }, { name: "b", startEpoch: 9 }] }

  it("reads objects and lists by index", () => {
    expect(getPath(params, "token.emission.perEpoch")).toBe(5)
    expect(getPath(params, "attacks.1.startEpoch")).toBe(9)
    expect(getPath(params, "attacks.x.startEpoch")).toBeUndefined()
    expect(getPath(params, "token.nothing.here")).toBeUndefined()
    expect(hasPath(params, "attacks.1.name")).toBe(true)
    expect(hasPath(params, "attacks.2.name")).toBe(false)
    expect(listIndexProblem(params, "attacks.2.name")).toMatch(/index below 2 for the list attacks/)
  })

  it("writes a copy, sharing what it did not change", () => {
    const next = setPath(params, "attacks.0.startEpoch", 4)
    expect(next.attacks[0]).toEqual({ name: "a", startEpoch: 4 })
    expect(Array.isArray(next.attacks)).toBe(true)
    expect(params.attacks[0]!.startEpoch).toBe(3)
    expect(next.token).toBe(params.token)
    expect(next.attacks[1]).toBe(params.attacks[1])
  })

  it("fills a missing intermediate object from the defaults", () => {
    expect(setPath({}, "token.emission.perEpoch", 7, params)).toEqual({ token: { emission: { kind: "fixed", perEpoch: 7 } } })
    expect(setPath({}, "a.b", 1)).toEqual({ a: { b: 1 } })
  })

  it("never mutates its input, and reads back what it wrote", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("x", "y", "0", "1"), { minLength: 1, maxLength: 4 }), fc.double({ noNaN: true }), (keys, v) => {
        const before = JSON.stringify(params)
        const path = keys.join(".")
        const next = setPath(params, path, v)
        expect(JSON.stringify(params)).toBe(before)
        expect(getPath(next, path)).toBe(v)
      })
    )
  })
})
