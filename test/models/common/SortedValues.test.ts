import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { SortedValues } from "../../../models/common/SortedValues.ts"

describe("SortedValues", () => {
  it("equals a reference multiset under inserts, removes of held values and reads at any point", () => {
    // op: [kind, x]; kind 0 insert x, 1 remove a held value (index x mod held), 2 read.
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: -20, max: 20 }))), (ops) => {
        const s = new SortedValues(1)
        const ref: Array<number> = []
        const check = () => expect(Array.from(s.values.subarray(0, s.size))).toEqual([...ref].sort((a, b) => a - b))
        for (const [kind, x] of ops) {
          if (kind === 0) {
            s.insert(x / 4)
            ref.push(x / 4)
          } else if (kind === 1 && ref.length > 0) {
            const [v] = ref.splice(Math.abs(x) % ref.length, 1)
            s.remove(v!)
          } else check()
        }
        check()
      })
    )
  })

  it("cancels an insert and a removal of the same value queued in one batch", () => {
    const s = new SortedValues(4)
    s.insert(3)
    s.insert(1)
    expect(Array.from(s.values.subarray(0, s.size))).toEqual([1, 3])
    s.insert(2)
    s.remove(2)
    s.remove(3)
    s.insert(3)
    s.insert(5)
    expect(s.size).toBe(3)
    expect(Array.from(s.values.subarray(0, s.size))).toEqual([1, 3, 5])
  })

  it("builds a large index in one sort and grows past its capacity", () => {
    const s = new SortedValues(2)
    for (let i = 0; i < 10_000; i++) s.insert((i * 7919) % 10_007)
    const v = s.values.subarray(0, s.size)
    expect(s.size).toBe(10_000)
    for (let i = 1; i < v.length; i++) expect(v[i]! >= v[i - 1]!).toBe(true)
  })
})
