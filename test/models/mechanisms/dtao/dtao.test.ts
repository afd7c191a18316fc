/**
 * Dynamic TAO mechanisms against subtensor's formulas and the values its own tests use
 * (opentensor/subtensor: pallets/swap/src/pallet/balancer.rs tests, coinbase/block_emission.rs,
 * tests/subnet_emissions.rs before commit c3841130c).
 */
import { describe, expect, it } from "vitest"
import { buyAlpha, DEFAULT_FEE_RATE, injectLiquidity, poolPrice, quoteBuy, quoteSell, sellAlpha, taoToReachPrice, type PoolState } from "../../../../models/mechanisms/dtao/balancerPool.ts"
import { blockEmission, blockEmissionRao, OWNER_CUT, rootProportion, splitAlphaOut, subnetTerms } from "../../../../models/mechanisms/dtao/coinbase.ts"
import { lockReductionInterval, networkLockCost, networkToPrune } from "../../../../models/mechanisms/dtao/networkRegistration.ts"
import { emaWeightOver, flowShares, FLOW_ALPHA_PER_BLOCK, MOVING_ALPHA_PER_BLOCK, nextMovingPrice, priceShares } from "../../../../models/mechanisms/dtao/subnetShares.ts"

describe("balancer pool (pallets/swap/src/pallet/balancer.rs)", () => {
  it("price is y/x with equal weights and 2 y/x with quote weight 1/3 (test_price_* values)", () => {
    expect(poolPrice(5, 2, 0.5)).toBeCloseTo(2.5, 12)
    expect(poolPrice(10, 4, 1 / 3)).toBeCloseTo(5, 10)
    expect(poolPrice(0, 10, 0.3)).toBe(0)
  })

  it("TAO to lift the price from 0.1 to 0.2 with w1 = 0.75 is y((p'/p)^w1 - 1) (test_calculate_quote_delta_in: 681,792,830 rao)", () => {
    const y = 1_000_000_000
    // price 0.1 = (0.75 / 0.25) y / x
    const pool: PoolState = { tao: y, alpha: 30 * y, quoteWeight: 0.25 }
    expect(poolPrice(pool.tao, pool.alpha, pool.quoteWeight)).toBeCloseTo(0.1, 12)
    expect(Math.floor(taoToReachPrice(pool, 0.2))).toBe(681_792_830)
    // buying exactly that much (no fee) lands on the target price
    buyAlpha(pool, taoToReachPrice(pool, 0.2), 0)
    expect(poolPrice(pool.tao, pool.alpha, pool.quoteWeight)).toBeCloseTo(0.2, 9)
  })

  it("equal weights is the constant product: 100 TAO into 1000/1000 pays 1000 - 1e6/1100 alpha", () => {
    const pool: PoolState = { tao: 1000, alpha: 1000, quoteWeight: 0.5 }
    const r = buyAlpha(pool, 100, 0)
    expect(r.out).toBeCloseTo(1000 - 1e6 / 1100, 9)
    expect(pool.tao * pool.alpha).toBeCloseTo(1e6, 6)
    expect(r.slippage).toBeCloseTo(100 / r.out - 1, 12)
  })

  it("the fee (33/65535) comes off the input and leaves the pool", () => {
    expect(DEFAULT_FEE_RATE).toBeCloseTo(0.0005035, 7)
    const pool: PoolState = { tao: 1000, alpha: 2000, quoteWeight: 0.5 }
    const r = buyAlpha(pool, 10)
    expect(r.fee).toBeCloseTo(10 * DEFAULT_FEE_RATE, 15)
    expect(pool.tao).toBeCloseTo(1010 - r.fee, 12)
    expect(r.out).toBeCloseTo(2000 * (1 - 1000 / (1000 + 10 - r.fee)), 12)
  })

  it("slippage grows with size; a round trip loses only the fees when nothing happens between", () => {
    const pool: PoolState = { tao: 1000, alpha: 1000, quoteWeight: 0.4 }
    expect(quoteBuy(pool, 100).slippage).toBeGreaterThan(quoteBuy(pool, 10).slippage)
    expect(quoteSell(pool, 100).slippage).toBeGreaterThan(quoteSell(pool, 10).slippage)
    const bought = buyAlpha(pool, 50, 0).out
    const back = sellAlpha(pool, bought, 0).out
    expect(back).toBeCloseTo(50, 9)
    const feePool: PoolState = { tao: 1000, alpha: 1000, quoteWeight: 0.4 }
    const a = buyAlpha(feePool, 50).out
    expect(sellAlpha(feePool, a).out).toBeLessThan(50)
  })

  it("protocol liquidity keeps the price and moves the weight (update_weights_for_added_liquidity)", () => {
    const pool: PoolState = { tao: 100, alpha: 400, quoteWeight: 0.5 }
    const before = poolPrice(pool.tao, pool.alpha, pool.quoteWeight)
    injectLiquidity(pool, 10, 10) // disproportionate: more alpha than the price asks
    expect(poolPrice(pool.tao, pool.alpha, pool.quoteWeight)).toBeCloseTo(before, 12)
    expect(pool.quoteWeight).toBeGreaterThan(0.5)
    // proportional injection leaves the weight alone
    const p2: PoolState = { tao: 100, alpha: 400, quoteWeight: 0.5 }
    injectLiquidity(p2, 10, 40)
    expect(p2.quoteWeight).toBeCloseTo(0.5, 12)
    // an injection that would push the weight past 0.99 is refused
    const p3: PoolState = { tao: 1, alpha: 1, quoteWeight: 0.5 }
    expect(injectLiquidity(p3, 0, 1000)).toEqual({ tao: 0, alpha: 0 })
  })
})

describe("coinbase (run_coinbase.rs, block_emission.rs)", () => {
  it("block emission halves each time half of what remains is issued (get_block_emission_for_issuance, rao)", () => {
    expect(blockEmissionRao(0n)).toBe(1_000_000_000n)
    expect(blockEmissionRao(10_500_000_000_000_000n - 1n)).toBe(1_000_000_000n)
    expect(blockEmissionRao(10_500_000_000_000_000n)).toBe(500_000_000n)
    expect(blockEmissionRao(15_750_000_000_000_000n)).toBe(250_000_000n)
    expect(blockEmissionRao(21_000_000_000_000_000n)).toBe(0n)
    for (const issued of [0, 1e6, 10.5e6, 12e6, 15.75e6, 20e6, 20.99e6]) {
      // the rao version floors to whole rao
      expect(blockEmission(issued)).toBeCloseTo(Number(blockEmissionRao(BigInt(Math.round(issued * 1e9)))) / 1e9, 9)
    }
  })

  it("root proportion is wR / (wR + alpha issuance)", () => {
    expect(rootProportion(1000, 0.18, 820)).toBeCloseTo(180 / 1000, 12)
    expect(rootProportion(0, 0.18, 100)).toBe(0)
  })

  it("TAO emission is injected at the pool price; alpha over root_proportion x alpha emission becomes a chain buy", () => {
    // 1 TAO at price 0.5 asks 2 alpha; the cap (1 x 1) allows 1, so 0.5 TAO is injected and 0.5 buys
    expect(subnetTerms(1, 0.5, 1, 1)).toEqual({ taoIn: 0.5, alphaIn: 1, excessTao: 0.5 })
    const t = subnetTerms(1, 0.5, 1, 0.1)
    expect(t.alphaIn).toBeCloseTo(0.1, 12)
    expect(t.taoIn).toBeCloseTo(0.05, 12)
    expect(t.excessTao).toBeCloseTo(0.95, 12)
    const free = subnetTerms(0.2, 2, 1, 0.5)
    expect(free).toEqual({ taoIn: 0.2, alphaIn: 0.1, excessTao: 0 })
  })

  it("alpha out: 18% owner, half of the rest to miners, the other half to validators less the root's share", () => {
    expect(OWNER_CUT).toBeCloseTo(0.18, 4)
    const s = splitAlphaOut(1, 0)
    expect(s.owner).toBeCloseTo(OWNER_CUT, 15)
    expect(s.miners).toBeCloseTo((1 - OWNER_CUT) / 2, 15)
    expect(s.validators).toBeCloseTo((1 - OWNER_CUT) / 2, 15)
    expect(s.root).toBe(0)
    const r = splitAlphaOut(1, 0.2)
    expect(r.root).toBeCloseTo(0.2 * (1 - OWNER_CUT) * 0.5, 15)
    expect(r.owner + r.miners + r.validators + r.root).toBeCloseTo(1, 15)
  })
})

describe("subnet shares (subnet_emissions.rs)", () => {
  it("flow shares follow z^p / sum z^p (inplace_pow_normalize_fractional_exponent)", () => {
    for (const p of [1, 1.1, 1.5, 2]) {
      const s = flowShares([2, 3, 5], p)
      const sum = 2 ** p + 3 ** p + 5 ** p
      expect(s[0]).toBeCloseTo(2 ** p / sum, 12)
      expect(s[1]).toBeCloseTo(3 ** p / sum, 12)
      expect(s[2]).toBeCloseTo(5 ** p / sum, 12)
    }
  })

  it("negative flows with the cutoff at -1000 share 0.75 / 0.25 / 0 (get_shares_both_negative_above_cutoff)", () => {
    const s = flowShares([-100, -300, -400], 1, -1000)
    expect([...s].map((x) => Math.round(x * 1e9) / 1e9)).toEqual([0.75, 0.25, 0])
  })

  it("with the default cutoff 0, a subnet with net outflow gets nothing; all outflow emits nothing", () => {
    expect([...flowShares([-100, 500], 1, 0)]).toEqual([0, 1])
    expect([...flowShares([-100, -200], 1, 0)]).toEqual([0, 0])
  })

  it("price shares are moving prices over their sum", () => {
    const s = priceShares([0.1, 0.3, 0])
    expect(s[0]).toBeCloseTo(0.25, 15)
    expect(s[1]).toBeCloseTo(0.75, 15)
    expect(s[2]).toBe(0)
  })

  it("the moving price moves by alpha x b/(b+h) toward min(price, 1); subtensor's per-block alphas give ~30-day half-lives", () => {
    expect(nextMovingPrice(0.1, 0.5, 0.5, 100, 100)).toBeCloseTo(0.25 * 0.5 + 0.75 * 0.1, 12)
    expect(nextMovingPrice(0.1, 3, 1, 1e12, 0)).toBeCloseTo(1, 12)
    // 30 days of blocks at the per-block alphas move an EMA about half way (subtensor's comments)
    expect(emaWeightOver(MOVING_ALPHA_PER_BLOCK, 30 * 7200)).toBeCloseTo(0.48, 2)
    expect(emaWeightOver(FLOW_ALPHA_PER_BLOCK, 216_000)).toBeCloseTo(0.5, 3)
  })
})

describe("network registration and pruning (coinbase/root.rs)", () => {
  it("the lock doubles at a registration and falls back linearly over the reduction interval, never under the minimum", () => {
    expect(networkLockCost(100, 10, 0, 1000)).toBe(200)
    expect(networkLockCost(100, 10, 500, 1000)).toBe(150)
    expect(networkLockCost(100, 10, 5000, 1000)).toBe(10)
    expect(networkLockCost(100, 10, 0, 1000, true)).toBe(100)
    expect(lockReductionInterval(14 * 7200, 0.5)).toBe(7 * 7200)
  })

  it("prunes the lowest moving price past immunity, earliest on a tie", () => {
    const alive = [1, 1, 1, 1, 0]
    const price = [0.3, 0.1, 0.05, 0.1, 0]
    const reg = [0, 5, 90, 2, 0]
    expect(networkToPrune(alive, price, reg, 100, 50)).toBe(3)
    expect(networkToPrune(alive, price, reg, 100, 200)).toBe(-1)
  })
})
