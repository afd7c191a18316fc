import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Population } from "../../src/engine/Population.ts"

const spec = { stake: Float64Array, region: Uint32Array } as const

describe("Population", () => {
  it("adds, removes and reuses the lowest free slot with zeroed columns", () => {
    const p = new Population(spec, 2)
    const a = p.add()
    const b = p.add()
    const c = p.add() // forces growth past the initial capacity
    p.cols.stake[a] = 1
    p.cols.stake[b] = 2
    p.cols.stake[c] = 3
    expect([a, b, c]).toEqual([0, 1, 2])
    p.remove(c)
    p.remove(a)
    expect(p.count).toBe(1)
    expect(p.isAlive(a)).toBe(false)
    const d = p.add()
    expect(d).toBe(0)
    expect(p.cols.stake[d]).toBe(0)
    expect(p.cols.stake[b]).toBe(2)
    expect(p.add()).toBe(2)
    expect(p.add()).toBe(3)
  })

  it("matches a reference set under any sequence of adds and removes", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(-1), fc.nat(50)), { maxLength: 300 }), (ops) => {
        const p = new Population(spec, 1)
        const live = new Set<number>()
        for (const op of ops) {
          if (op === -1) {
            const slot = p.add()
            expect(live.has(slot)).toBe(false)
            // The lowest free slot below the high-water mark is always reused first.
            for (let i = 0; i < slot; i++) expect(live.has(i)).toBe(true)
            live.add(slot)
            p.cols.stake[slot] = slot + 1
          } else {
            p.remove(op)
            live.delete(op)
          }
          expect(p.count).toBe(live.size)
        }
        for (let i = 0; i < p.size; i++) {
          expect(p.isAlive(i)).toBe(live.has(i))
          if (live.has(i)) expect(p.cols.stake[i]).toBe(i + 1)
        }
      })
    )
  })
})
