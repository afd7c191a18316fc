/** A sweep's records come back in plan order past 100,000 runs per scenario, as `run` orders them (issue 22, 13). */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import { readRecords, runKey } from "../../src/experiment/Store.ts"

describe("readRecords", () => {
  it("orders runs 10,001, 99,999 and 100,000 by number, scenario first", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-order-"))
    mkdirSync(join(dir, "runs"))
    const runs: ReadonlyArray<readonly [number, number]> = [[1, 0], [0, 100_000], [0, 99_999], [0, 10_001]]
    for (const [scenario, run] of runs) writeFileSync(join(dir, "runs", `${runKey(scenario, run)}.json`), JSON.stringify({ scenario, run, status: "completed" }))
    const records = await Effect.runPromise(readRecords(dir).pipe(Effect.provide(NodeContext.layer)))
    expect(records.map((r) => [r.scenario, r.run])).toEqual([[0, 10_001], [0, 99_999], [0, 100_000], [1, 0]])
  })
})
