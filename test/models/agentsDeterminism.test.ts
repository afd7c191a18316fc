/**
 * The agents that respond (issue 16) are deterministic at any worker count: economic voters, the
 * optimizing flash-loan attacker and operators selling from need in gpu-network, and the
 * optimizing flash loan in governance-capture, give bit-identical series with 1 and 2 workers.
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { models } from "../../src/experiment/ModelRegistry.ts"
import { planRuns } from "../../src/experiment/Plan.ts"
import { Runner, runnerLayer, type RunOutcome } from "../../src/experiment/Runner.ts"

const runAll = (text: string, workers: number) => {
  const decoded = decodeExperiment("t.yaml", text)
  if (Either.isLeft(decoded)) throw new Error(JSON.stringify(decoded.left))
  const exp = decoded.right
  const batch = { model: models[exp.envelope.model]!, epochs: exp.envelope.epochs, specs: planRuns(exp) }
  return Effect.runPromise(Effect.flatMap(Runner, (r) => r.run(batch)).pipe(Effect.provide(runnerLayer({ workers }))))
}

const fingerprint = (outcomes: ReadonlyArray<RunOutcome>) =>
  outcomes.map((o) => (o._tag === "Completed" ? `${o.spec.label}/${o.spec.run}:${o.result.series.map((s) => Buffer.from(s.buffer).toString("base64")).join("|")}` : `${o.spec.label}/${o.spec.run}:FAILED ${o.error}`))

// At least 5,000 run-epochs, so that 2 workers really start a thread pool.
const NETWORK = `name: t
model: gpu-network
epochs: 120
runs: 21
params:
  operators: { count: 150, selling: need, expectation: 3 }
  validators: { count: 20 }
  governance:
    voters: economic
    power: live
    delegation: 0.2
    proposals:
      - { name: cut, epoch: 10, changes: { token.emission.perEpoch: 250000 } }
      - { name: grab, epoch: 40, proposer: attacker, treasuryTransfer: 20000000 }
    flashLoan: { proposal: grab, mode: optimize, lendable: 0.9 }
    emergency: { enabled: true, minEpochs: 1 }
sweep:
  grid:
    governance.flashLoan.lendable: [0.3, 0.9]
`

const CAPTURE = `name: t
model: governance-capture
epochs: 100
runs: 30
params:
  holders: { count: 300 }
  governance: { power: live, emergencyEnabled: true, emergencyAfter: 5, votingDelay: 0, votingPeriod: 60, timelock: 0 }
  attack: { kind: flash-loan, proposeAt: 1, mode: optimize }
sweep:
  grid:
    attack.lendable: [150000000, 10000000000]
`

describe("agents that respond, at 1 and 2 workers", () => {
  for (const [name, text] of [["gpu-network", NETWORK], ["governance-capture", CAPTURE]] as const) {
    it(`${name}: bit-identical series`, async () => {
      const one = await runAll(text, 1)
      const two = await runAll(text, 2)
      expect(one.every((o) => o._tag === "Completed")).toBe(true)
      expect(fingerprint(two)).toEqual(fingerprint(one))
    })
  }
})
