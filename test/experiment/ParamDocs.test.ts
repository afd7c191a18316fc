/** The parameter reference reaches into lists of objects: every item field has a row. */
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { gpuNetwork } from "../../models/gpu-network/index.ts"
import { field } from "../../src/experiment/Fields.ts"
import { paramDocs } from "../../src/experiment/ParamDocs.ts"

describe("paramDocs", () => {
  it("documents the fields of list items, and of each kind of a list of choices", () => {
    const Item = Schema.Struct({ name: Schema.String.annotations({ description: "Item name." }), size: field(Schema.Number, 1, "Size.") })
    const docs = paramDocs(Schema.Struct({ items: field(Schema.Array(Item), [], "Things.") }))
    expect(docs.map((d) => [d.path, d.description])).toEqual([
      ["items", "Things."],
      ["items[].name", "Item name."],
      ["items[].size", "Size."]
    ])
    const paths = paramDocs(gpuNetwork.params, ["params"]).map((d) => d.path)
    for (const p of ["params.governance.proposals[].treasuryTransfer", "params.governance.conviction.requests[].amount", "params.token.vesting[].cliffEpochs", "params.attacks[].kind", "params.attacks[].stakeShare"]) expect(paths).toContain(p)
  })
})
