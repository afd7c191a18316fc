/**
 * ai-verification scenarios from experiments/, checked on their outcomes, and the model's
 * invariants under random settings:
 * - spot-check rate trades verification cost against poisoned work accepted, and poisoning stops
 *   paying near the breakeven rate the model reports;
 * - lazy validators copying consensus earn dividends without verifying, more with the bonds
 *   penalty on than off;
 * - colluding validators pass poison past spot checks, but Yuma's median ignores a minority;
 * - audits of validators' verdicts slash lazy and colluding validators more than honest ones,
 *   break a Yuma majority cartel, and leave runs without audits exactly as they were.
 */
import * as Schema from "effect/Schema"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { aiVerification } from "../../models/ai-verification/index.ts"
import { auditMetrics } from "../../models/ai-verification/systems/metrics.ts"
import { COLLUDING, HONEST, LAZY, type VerificationWorld } from "../../models/ai-verification/world.ts"
import { verificationSlash } from "../../models/mechanisms/slashing/destination.ts"
import { simulate, type RunResult } from "../../src/engine/Simulation.ts"
import { runExperimentFile } from "../support/experiments.ts"

const runAll = (name: string, runs: number) => runExperimentFile(name, { runs })
const final = (r: RunResult, m: string) => r.series[r.metrics.indexOf(m)]![r.series[0]!.length - 1]!
const mean = (runs: ReadonlyArray<RunResult>, m: string) => runs.reduce((a, r) => a + final(r, m), 0) / runs.length
const series = (r: RunResult, m: string) => r.series[r.metrics.indexOf(m)]!
const params = (raw: unknown) => Schema.decodeUnknownSync(aiVerification.params)(raw)

describe("spot-check rate against poisoning (experiments/spot-check-rate.yaml)", () => {
  const results = runAll("spot-check-rate", 4)
  const rates = [...results.keys()].map((label) => ({ label, rate: Number(label.split("=")[1]) })).sort((a, b) => a.rate - b.rate)

  it("costs more and accepts less poison as the rate rises", () => {
    const cost = rates.map(({ label }) => mean(results.get(label)!, "verificationCostPerWork"))
    const accepted = rates.map(({ label }) => mean(results.get(label)!, "poisonAcceptanceRate"))
    expect(cost[0]).toBe(0)
    expect(accepted[0]).toBe(1)
    for (let i = 1; i < rates.length; i++) {
      expect(cost[i]!).toBeGreaterThan(cost[i - 1]!)
      expect(accepted[i]!).toBeLessThan(accepted[i - 1]!)
    }
  })

  it("poisoning pays below the breakeven rate each point reports and loses above it", () => {
    // The breakeven depends on the reward per accepted contribution, so each point reports its
    // own; outside a band of +-25% around it, the sign of the poisoners' profit must agree.
    let pays = 0
    let loses = 0
    for (const { label, rate } of rates) {
      const breakeven = mean(results.get(label)!, "poisonBreakevenRate")
      expect(breakeven, label).toBeGreaterThan(0.02)
      expect(breakeven, label).toBeLessThan(0.2)
      const profit = mean(results.get(label)!, "attack.poisoning.profit")
      if (rate < 0.75 * breakeven) expect(profit, label).toBeGreaterThan(0), pays++
      if (rate > 1.25 * breakeven) expect(profit, label).toBeLessThan(0), loses++
    }
    // Both sides of the breakeven are swept, and only the points next to it are left out.
    expect(pays).toBeGreaterThanOrEqual(4)
    expect(loses).toBeGreaterThanOrEqual(4)
  })
})

describe("lazy validators under Yuma (experiments/lazy-validators.yaml)", () => {
  const results = runAll("lazy-validators", 3)

  it("copying consensus earns dividends without a single check", () => {
    for (const r of results.get("bonds-penalty-1")!) {
      expect(final(r, "lazyRewardShare")).toBeGreaterThan(0.8 * final(r, "lazyStakeShare"))
      expect(final(r, "validatorTrustLazy")).toBeGreaterThan(final(r, "validatorTrustHonest"))
    }
  })

  it("the bonds penalty makes copying pay more: honest validators' out-of-consensus weights cost them bonds", () => {
    const off = results.get("bonds-penalty-0")!
    const on = results.get("bonds-penalty-1")!
    on.forEach((r, i) => {
      expect(final(r, "lazyReturnRatio")).toBeGreaterThan(1)
      expect(final(r, "lazyReturnRatio")).toBeGreaterThan(final(off[i]!, "lazyReturnRatio"))
    })
  })

  it("commit-reveal (copiers see consensus 20 epochs late) cuts the copiers' advantage", () => {
    const on = results.get("bonds-penalty-1")!
    results.get("commit-reveal-20")!.forEach((r, i) => {
      expect(final(r, "lazyReturnRatio")).toBeLessThan(final(on[i]!, "lazyReturnRatio"))
      expect(final(r, "validatorTrustLazy")).toBeLessThan(final(on[i]!, "validatorTrustLazy"))
    })
  })
})

describe("colluding validators (experiments/validator-collusion.yaml)", () => {
  const results = runAll("validator-collusion", 3)

  it("a 30% cartel passes most poison past spot checks, little past Yuma; a 60% cartel captures Yuma", () => {
    expect(mean(results.get("spot-check-cartel-30")!, "poisonAcceptanceRate")).toBeGreaterThan(0.8)
    expect(mean(results.get("yuma-cartel-30")!, "poisonAcceptanceRate")).toBeLessThan(0.3)
    expect(mean(results.get("yuma-cartel-60")!, "poisonAcceptanceRate")).toBe(1)
    expect(mean(results.get("yuma-cartel-60")!, "attack.poisoning.profit")).toBeGreaterThan(0)
  })

  it("the cartel is paid its cut where poison passes, and loses its costs where Yuma's median stops it", () => {
    for (const label of ["spot-check-cartel-30", "yuma-cartel-60"]) {
      for (const r of results.get(label)!) {
        expect(final(r, "attack.cartel.success"), label).toBe(1)
        expect(final(r, "attack.cartel.profit"), label).toBeGreaterThan(0)
      }
    }
    for (const r of results.get("yuma-cartel-30")!) {
      expect(final(r, "attack.cartel.success")).toBe(0)
      expect(final(r, "attack.cartel.profit")).toBeLessThan(0)
    }
  })
})

describe("ai-verification strategies", () => {
  it("none checks nothing and accepts every poisoned contribution", () => {
    const r = simulate(aiVerification, params({ verification: { strategy: "none" } }), { epochs: 20, seed: 1 })
    expect(Array.from(series(r, "checks")).every((x) => x === 0)).toBe(true)
    expect(final(r, "poisonAcceptanceRate")).toBe(1)
    expect(final(r, "attack.poisoning.success")).toBe(1)
    expect(Number.isNaN(final(r, "attack.poisoning.detectedEpoch"))).toBe(true)
  })

  it("redundant verification by 3 costs about 3 checks per selected contribution and catches poison more surely", () => {
    const spot = simulate(aiVerification, params({ verification: { strategy: "spot-check", rate: 0.3 }, validators: { noise: 0.4 } }), { epochs: 60, seed: 2 })
    const red = simulate(aiVerification, params({ verification: { strategy: "redundant", rate: 0.3, redundancy: 3 }, validators: { noise: 0.4 } }), { epochs: 60, seed: 2 })
    const checks = (r: RunResult) => series(r, "checks").reduce((a, b) => a + b, 0)
    expect(checks(red) / checks(spot)).toBeGreaterThan(2.5)
    expect(checks(red) / checks(spot)).toBeLessThan(3.5)
    // Noisy checkers wrongly reject honest work; a majority of three does so less often.
    const falsePositives = (r: RunResult) => series(r, "honestRejected").reduce((a, b) => a + b, 0)
    expect(falsePositives(red)).toBeLessThan(falsePositives(spot))
  })

  it("conserves tokens and keeps its invariants every epoch under any settings", () => {
    fc.assert(
      fc.property(
        fc.record({
          contributors: fc.record({ count: fc.integer({ min: 1, max: 40 }), poisonedShare: fc.double({ min: 0, max: 1, noNaN: true }), drift: fc.double({ min: 0, max: 1, noNaN: true }), bond: fc.double({ min: 0, max: 1000, noNaN: true }) }),
          validators: fc.record({ count: fc.integer({ min: 1, max: 12 }), lazyShare: fc.double({ min: 0, max: 1, noNaN: true }), colludingShare: fc.double({ min: 0, max: 1, noNaN: true }), copyDelay: fc.integer({ min: 1, max: 5 }), noise: fc.double({ min: 0, max: 1, noNaN: true }) }),
          verification: fc.record({
            strategy: fc.constantFrom("none" as const, "spot-check" as const, "redundant" as const, "yuma" as const),
            rate: fc.double({ min: 0, max: 1, noNaN: true }),
            redundancy: fc.integer({ min: 1, max: 5 }),
            slashFraction: fc.double({ min: 0, max: 1, noNaN: true }),
            // Audits half the time, at any rate and slash fraction (up to slashing stake away entirely).
            auditRate: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
            validatorSlashFraction: fc.double({ min: 0, max: 1, noNaN: true }),
            auditCost: fc.double({ min: 0, max: 1, noNaN: true })
          }),
          yuma: fc.record({ kappa: fc.double({ min: 0, max: 1, noNaN: true }), bondsPenalty: fc.double({ min: 0, max: 1, noNaN: true }), yuma3: fc.boolean(), liquidAlpha: fc.boolean() }),
          token: fc.record({ minerShare: fc.double({ min: 0, max: 1, noNaN: true }) })
        }),
        fc.nat(),
        (raw, seed) => {
          const p = params(raw)
          simulate(aiVerification, p, {
            epochs: 25,
            seed,
            onEpoch: (w: VerificationWorld) => {
              expect(aiVerification.invariants(w)).toEqual([])
              // Every slashed token is accounted for: contributors' bonds plus validators' stake.
              const validators = w.validatorSlashedByKind[HONEST]! + w.validatorSlashedByKind[LAZY]! + w.validatorSlashedByKind[COLLUDING]!
              expect(Math.abs(w.ledger.slashedBurned - w.slashedTotal - validators)).toBeLessThanOrEqual(1e-9 * Math.max(1, w.ledger.supply))
            }
          })
        }
      ),
      { numRuns: 60 }
    )
  })
})

describe("ai-verification edge cases found in review", () => {
  it("pays nothing (not NaN) when Yuma accepts work whose weights are all zero", () => {
    const p = Schema.decodeUnknownSync(aiVerification.params)({ contributors: { count: 20 }, validators: { count: 4 }, verification: { strategy: "yuma", rate: 0, threshold: 0.6 }, yuma: { rejectShare: 0 } })
    const r = simulate(aiVerification, p, { epochs: 3, seed: 3, onEpoch: (w: VerificationWorld) => expect(aiVerification.invariants!(w)).toEqual([]) })
    for (const m of ["supply", "honestContributorProfit", "attack.poisoning.profit"]) {
      expect(Number.isFinite(r.series[r.metrics.indexOf(m)]![2])).toBe(true)
    }
    // No work was paid for, so the quality of paid work is undefined.
    expect(r.series[r.metrics.indexOf("outputQuality")]![2]).toBeNaN()
  })
})

describe("audits of validators' verdicts (verification.auditRate)", () => {
  const mixed = { validators: { lazyShare: 0.25, colludingShare: 0.1 }, verification: { rate: 0.1 } }
  const withVerification = (base: typeof mixed, v: Record<string, unknown>, validators: Record<string, unknown> = {}) => ({
    ...base,
    validators: { ...base.validators, ...validators },
    verification: { ...base.verification, ...v }
  })

  it("off: setting every audit field but a zero rate changes nothing, bit for bit, and declares no audit metrics", () => {
    // The model without its audit system too: an idle audit system draws no random numbers.
    const noAuditSystem = { ...aiVerification, systems: aiVerification.systems.filter((s) => s.name !== "audit") }
    expect(noAuditSystem.systems.length).toBe(aiVerification.systems.length - 1)
    const same = (a: RunResult, b: RunResult, label: string) => {
      expect(a.metrics, label).toEqual(b.metrics)
      a.series.forEach((s, k) => expect(Buffer.from(s.buffer).equals(Buffer.from(b.series[k]!.buffer)), `${label} ${a.metrics[k]}`).toBe(true))
    }
    for (const strategy of ["none", "spot-check", "redundant", "yuma"] as const) {
      const without = simulate(aiVerification, params(withVerification(mixed, { strategy })), { epochs: 30, seed: 11 })
      const off = simulate(aiVerification, params(withVerification(mixed, { strategy, auditRate: 0, validatorSlashFraction: 0.9, auditCost: 7 })), { epochs: 30, seed: 11 })
      same(off, without, strategy)
      same(simulate(noAuditSystem, params(withVerification(mixed, { strategy })), { epochs: 30, seed: 11 }), without, `${strategy} without the audit system`)
      for (const m of auditMetrics) expect(off.metrics, strategy).not.toContain(m.name)
      expect(Array.from(series(off, "attack.cartel.detectedEpoch")).every(Number.isNaN), strategy).toBe(true)
    }
  })

  it("slashes validatorSlashFraction per proven fault, compounding, burned", () => {
    // One lazy validator, all work poisoned, every contribution checked and every verdict audited:
    // 10 faults an epoch, so its stake after e epochs is S (1 - f)^(10 e).
    const p = params({
      contributors: { count: 10, poisonedShare: 1 },
      validators: { count: 1, lazyShare: 1, totalStake: 1000 },
      verification: { strategy: "spot-check", rate: 1, auditRate: 1, validatorSlashFraction: 0.05, auditCost: 0.5 }
    })
    const r = simulate(aiVerification, p, { epochs: 4, seed: 1, onEpoch: (w: VerificationWorld, e) => expect(w.validators.cols.stake[0]).toBeCloseTo(1000 * 0.95 ** (10 * (e + 1)), 9) })
    expect(Array.from(series(r, "audits"))).toEqual([10, 10, 10, 10])
    expect(Array.from(series(r, "auditCost"))).toEqual([5, 5, 5, 5])
    expect(final(r, "validatorSlashedLazy")).toBeCloseTo(1000 - 1000 * 0.95 ** 40, 9)
    expect(final(r, "validatorSlashedShareLazy")).toBeCloseTo(1 - 0.95 ** 40, 12)
    expect(series(r, "validatorSlashedLazy")[0]).toBeCloseTo(verificationSlash(1000, 10, 0.05), 9)
    // The audit cost is part of the verification cost (a lazy validator checks nothing).
    expect(Array.from(series(r, "verificationCost"))).toEqual([5, 5, 5, 5])
  })

  it("spot-check: lazy and colluding validators lose more stake per staked token than honest ones; the cartel is detected", () => {
    for (const seed of [1, 2, 3, 4]) {
      const base = simulate(aiVerification, params(withVerification(mixed, { strategy: "spot-check" })), { epochs: 100, seed })
      const r = simulate(aiVerification, params(withVerification(mixed, { strategy: "spot-check", auditRate: 0.25 })), { epochs: 100, seed })
      const honest = final(r, "validatorSlashedShareHonest")
      expect(final(r, "validatorSlashedShareLazy"), `seed ${seed}`).toBeGreaterThan(honest)
      expect(final(r, "validatorSlashedShareColluding"), `seed ${seed}`).toBeGreaterThan(honest)
      expect(final(r, "validatorSlashedShareColluding"), `seed ${seed}`).toBeGreaterThan(final(r, "validatorSlashedShareLazy"))
      expect(final(r, "colludingStakeShare"), `seed ${seed}`).toBeLessThan(final(base, "colludingStakeShare"))
      // Slashed stake counts against the cartel's profit: it no longer pays.
      expect(final(base, "attack.cartel.profit")).toBeGreaterThan(0)
      expect(final(r, "attack.cartel.profit"), `seed ${seed}`).toBeLessThan(0)
      // Detected at the first epoch colluders were slashed: NaN before, that epoch after.
      const detected = final(r, "attack.cartel.detectedEpoch")
      expect(Number.isInteger(detected), `seed ${seed}`).toBe(true)
      const slashed = series(r, "validatorSlashedColluding")
      expect(slashed.findIndex((x) => x > 0)).toBe(detected)
      const d = series(r, "attack.cartel.detectedEpoch")
      for (let e = 0; e < d.length; e++) expect(e < detected ? Number.isNaN(d[e]) : d[e] === detected).toBe(true)
    }
  })

  it("spot-check: lazy validators' stake share falls, and laziness no longer pays", () => {
    const lazyOnly = { validators: { lazyShare: 0.25, colludingShare: 0 }, verification: { rate: 0.1 } }
    for (const seed of [1, 2, 3]) {
      const base = simulate(aiVerification, params(withVerification(lazyOnly, { strategy: "spot-check" })), { epochs: 100, seed })
      const r = simulate(aiVerification, params(withVerification(lazyOnly, { strategy: "spot-check", auditRate: 0.25 })), { epochs: 100, seed })
      const share = series(r, "lazyStakeShare")
      expect(share[99]!, `seed ${seed}`).toBeLessThan(share[0]!)
      expect(share[99]!, `seed ${seed}`).toBeLessThan(final(base, "lazyStakeShare"))
      expect(final(base, "lazyReturnRatio")).toBeGreaterThan(1)
      expect(final(r, "lazyReturnRatio"), `seed ${seed}`).toBeLessThan(1)
      expect(Number.isNaN(final(r, "attack.cartel.detectedEpoch"))).toBe(true)
    }
  })

  it("noisy honest validators are caught too (false negatives), at a lower rate per staked token", () => {
    let honestFaults = 0
    for (const seed of [1, 2, 3, 4]) {
      const r = simulate(aiVerification, params(withVerification(mixed, { strategy: "spot-check", auditRate: 0.25 }, { noise: 0.3 })), { epochs: 100, seed })
      honestFaults += final(r, "auditFaultsHonest")
      expect(final(r, "validatorSlashedShareHonest"), `seed ${seed}`).toBeLessThan(final(r, "validatorSlashedShareLazy"))
      expect(final(r, "validatorSlashedShareHonest"), `seed ${seed}`).toBeLessThan(final(r, "validatorSlashedShareColluding"))
    }
    expect(honestFaults).toBeGreaterThan(0)
  })

  it("yuma: a weight from the untouched prior is no verdict; a copier answers for what it copies", () => {
    // Nobody re-scores (rate 0): honest validators give no verdicts, copiers copy a consensus
    // that still pays the poisoners (the prior scores them 0.5).
    const p = params({ contributors: { count: 20 }, validators: { count: 6, lazyShare: 0.5 }, verification: { strategy: "yuma", rate: 0, auditRate: 1 } })
    const r = simulate(aiVerification, p, { epochs: 5, seed: 4 })
    expect(Array.from(series(r, "audits"))).toEqual([60, 60, 60, 60, 60])
    expect(final(r, "auditFaultsHonest")).toBe(0)
    expect(final(r, "validatorSlashedHonest")).toBe(0)
    expect(final(r, "validatorSlashedLazy")).toBeGreaterThan(0)
  })
})

describe("audits against collusion (experiments/validator-audits.yaml)", () => {
  const results = runAll("validator-audits", 3)

  it("audits cost the cartel more than its cut under spot-check, and slash it out of its Yuma majority", () => {
    for (const label of ["spot-check-audited", "yuma-cartel-60-audited"]) {
      for (const r of results.get(label)!) {
        expect(Number.isFinite(final(r, "attack.cartel.detectedEpoch")), label).toBe(true)
        expect(final(r, "attack.cartel.profit"), label).toBeLessThan(0)
        expect(final(r, "validatorSlashedShareColluding"), label).toBeGreaterThan(final(r, "validatorSlashedShareHonest"))
        expect(final(r, "validatorSlashedShareLazy"), label).toBeGreaterThan(final(r, "validatorSlashedShareHonest"))
      }
    }
    results.get("yuma-cartel-60-audited")!.forEach((r, i) => {
      const unaudited = results.get("yuma-cartel-60")![i]!
      expect(final(unaudited, "colludingStakeShare")).toBeGreaterThan(0.5)
      expect(final(r, "colludingStakeShare")).toBeLessThan(0.5)
      expect(final(unaudited, "poisonAcceptanceRate")).toBe(1)
      expect(final(r, "poisonAcceptanceRate")).toBeLessThan(1)
      expect(final(r, "poisonedAccepted")).toBe(0)
      expect(final(r, "attack.poisoning.profit")).toBeLessThan(0)
    })
  })

  it("audits cost money: verification per unit of work costs more with them", () => {
    for (const [off, on] of [["spot-check", "spot-check-audited"], ["yuma-cartel-60", "yuma-cartel-60-audited"]] as const) {
      expect(mean(results.get(on)!, "verificationCostPerWork"), on).toBeGreaterThan(mean(results.get(off)!, "verificationCostPerWork"))
    }
  })
})
