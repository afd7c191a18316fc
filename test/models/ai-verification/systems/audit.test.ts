/**
 * Audits on a hand-built ai-verification world: an audited verdict that accepted work under the
 * threshold is a proven fault (audits/verdict.ts); the audit system slashes
 * validatorSlashFraction of the stake per fault, compounding, burned, books it by kind and
 * rebuilds the stake validators are drawn by.
 */
import { describe, expect, it } from "vitest"
import { audit } from "../../../../models/ai-verification/systems/audits/audit.ts"
import { auditVerdict } from "../../../../models/ai-verification/systems/audits/verdict.ts"
import { COLLUDING, HONEST, LAZY } from "../../../../models/ai-verification/world.ts"
import { verificationWorld } from "../../../support/verificationWorld.ts"

const params = { verification: { auditRate: 0.5, auditCost: 0.25, validatorSlashFraction: 0.1, threshold: 0.4 } }

describe("audits", () => {
  it("a verdict accepting work under the threshold is a fault; accepting good work or rejecting is none", () => {
    const fx = verificationWorld({ params, contributors: [{ quality: 0.1 }, { quality: 0.9 }], validators: [{}] })
    const w = fx.world
    auditVerdict(w, fx.params, 0, 0, true)
    auditVerdict(w, fx.params, 0, 1, true)
    auditVerdict(w, fx.params, 0, 0, false)
    expect(w.validators.cols.faults[0]).toBe(1)
    expect(w.audits).toBe(3)
    expect(w.auditCost).toBe(0.75)
    expect(w.verificationCost).toBe(0.75)
  })

  it("slashes validatorSlashFraction per fault, compounding, burned, booked by kind; the draw stakes follow", () => {
    const fx = verificationWorld({
      params,
      contributors: [{}],
      validators: [{ stake: 1_000, kind: LAZY, faults: 2 }, { stake: 2_000, kind: HONEST, faults: 1 }, { stake: 500 }],
      epoch: 9
    })
    const w = fx.world
    const supply = w.ledger.supply
    fx.run(audit)
    // 1,000 x (1 - 0.9^2) = 190; 2,000 x 0.1 = 200.
    expect(w.validators.cols.stake[0]).toBeCloseTo(810, 9)
    expect(w.validators.cols.stake[1]).toBeCloseTo(1_800, 9)
    expect(w.validators.cols.stake[2]).toBe(500)
    expect(supply - w.ledger.supply).toBeCloseTo(390, 9)
    expect(w.validatorSlashedByKind[LAZY]).toBeCloseTo(190, 9)
    expect(w.validatorSlashedByKind[HONEST]).toBeCloseTo(200, 9)
    expect([w.auditFaults, w.honestFaults]).toEqual([3, 1])
    expect(Array.from(w.validators.cols.faults.subarray(0, 3))).toEqual([0, 0, 0])
    expect(Array.from(w.cumulativeStake)).toEqual([810, 2_610, 3_110].map((x) => expect.closeTo(x, 9)))
    expect(Number.isNaN(w.cartelDetectedAt)).toBe(true)
  })

  it("the first fault proven on a colluding validator dates the cartel's detection", () => {
    const fx = verificationWorld({ params, contributors: [{}], validators: [{ kind: COLLUDING, faults: 1 }], epoch: 12 })
    fx.run(audit)
    expect(fx.world.cartelDetectedAt).toBe(12)
  })

  it("with auditRate 0 the system does nothing, even to recorded faults", () => {
    const fx = verificationWorld({ params: { verification: { auditRate: 0 } }, contributors: [{}], validators: [{ stake: 1_000, faults: 3 }] })
    fx.run(audit)
    expect(fx.world.validators.cols.stake[0]).toBe(1_000)
    expect(fx.world.validators.cols.faults[0]).toBe(3)
  })
})
