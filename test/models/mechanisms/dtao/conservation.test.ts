/**
 * Property: TAO and alpha are conserved through any sequence of swaps and emissions. Every TAO
 * is held by a trader, a pool or the block author (fees), and the total only grows by what the
 * coinbase minted; every alpha is in a pool, a trader's or the protocol's hands, the block
 * author's, or minted as alpha out.
 */
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { buyAlpha, sellAlpha, type PoolState } from "../../../../models/mechanisms/dtao/balancerPool.ts"
import { emitToSubnet } from "../../../../models/mechanisms/dtao/coinbase.ts"

const Op = fc.oneof(
  fc.record({ kind: fc.constant("buy" as const), pool: fc.nat(2), amount: fc.double({ min: 0, max: 500, noNaN: true }) }),
  fc.record({ kind: fc.constant("sell" as const), pool: fc.nat(2), share: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant("emit" as const),
    tao: fc.double({ min: 0, max: 5, noNaN: true }),
    alpha: fc.double({ min: 0, max: 5, noNaN: true }),
    rootProp: fc.double({ min: 0, max: 1, noNaN: true }),
    shares: fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
  })
)

describe("dTAO conservation", () => {
  it("holds for random swaps and emissions over three pools", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 1, max: 1e5, noNaN: true }), fc.double({ min: 1, max: 1e5, noNaN: true }), fc.double({ min: 0.2, max: 0.8, noNaN: true })), { minLength: 3, maxLength: 3 }),
        fc.array(Op, { maxLength: 60 }),
        (init, ops) => {
          const pools: PoolState[] = init.map(([tao, alpha, w]) => ({ tao, alpha, quoteWeight: w }))
          let traderTao = 1000
          const traderAlpha = [0, 0, 0]
          const protocolAlpha = [0, 0, 0]
          const participantAlpha = [0, 0, 0]
          let authorTao = 0
          const authorAlpha = [0, 0, 0]
          let taoMinted = 0
          const alphaMinted = [0, 0, 0]
          const taoStart = traderTao + pools.reduce((s, p) => s + p.tao, 0)
          const alphaStart = pools.map((p) => p.alpha)
          for (const op of ops) {
            if (op.kind === "buy") {
              const amount = Math.min(op.amount, traderTao)
              const r = buyAlpha(pools[op.pool]!, amount)
              if (r.out > 0) {
                traderTao -= amount
                authorTao += r.fee
                traderAlpha[op.pool]! += r.out
              }
            } else if (op.kind === "sell") {
              const amount = traderAlpha[op.pool]! * op.share
              const r = sellAlpha(pools[op.pool]!, amount)
              if (r.out > 0) {
                traderAlpha[op.pool]! -= amount
                authorAlpha[op.pool]! += r.fee
                traderTao += r.out
              }
            } else {
              const total = op.shares[0] + op.shares[1] + op.shares[2]
              for (let i = 0; i < 3; i++) {
                const share = total > 0 ? op.shares[i]! / total : 0
                const e = emitToSubnet(pools[i]!, op.tao * share, op.alpha, op.rootProp)
                taoMinted += e.taoMinted
                authorTao += e.fee
                alphaMinted[i]! += e.alphaInjected + op.alpha
                protocolAlpha[i]! += e.protocolAlpha
                participantAlpha[i]! += e.split.owner + e.split.miners + e.split.validators + e.split.root
                expect(e.taoMinted).toBeLessThanOrEqual(op.tao * share + 1e-9)
              }
            }
            for (const p of pools) {
              expect(p.tao).toBeGreaterThanOrEqual(0)
              expect(p.alpha).toBeGreaterThanOrEqual(0)
            }
          }
          const taoNow = traderTao + authorTao + pools.reduce((s, p) => s + p.tao, 0)
          expect(taoNow).toBeCloseTo(taoStart + taoMinted, 6)
          for (let i = 0; i < 3; i++) {
            const alphaNow = pools[i]!.alpha + traderAlpha[i]! + protocolAlpha[i]! + authorAlpha[i]! + participantAlpha[i]!
            expect(Math.abs(alphaNow - (alphaStart[i]! + alphaMinted[i]!)) / (1 + alphaNow)).toBeLessThan(1e-9)
          }
        }
      ),
      { numRuns: 300 }
    )
  })
})
