/**
 * Only YAML's core tags are read: `!!omap` / `!!set` used to read as empty mappings (a parameter
 * inside one was never checked, the run used defaults) and unknown tags as strings (issue 22, 3).
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { decodeExperiment } from "../../src/experiment/Decode.ts"
import { ROOT } from "../support/cli.ts"

const decode = (name: string) => {
  const file = `test/fixtures/hostile/${name}`
  return decodeExperiment(file, readFileSync(join(ROOT, file), "utf8"))
}

describe("YAML tags", () => {
  it.each([
    ["omap-params.yaml", 2, "!!omap"],
    ["omap-variants.yaml", 3, "!!omap"],
    ["set-grid.yaml", 3, "!!set"],
    ["js-function.yaml", 2, "!!js/function"],
    ["custom-tag.yaml", 2, "!custom"]
  ])("%s is refused at line %i, naming %s", (name, line, tag) => {
    const r = decode(name)
    expect(Either.isLeft(r)).toBe(true)
    if (Either.isLeft(r)) {
      expect(r.left._tag).toBe("ExperimentSyntaxError")
      expect(r.left).toMatchObject({ line, message: expect.stringContaining(`unsupported tag ${tag}`) })
    }
  })

  it("core tags (!!int, !!str, !!map) are read as plain YAML", () => {
    const r = decode("core-tags.yaml")
    expect(Either.isRight(r)).toBe(true)
    if (Either.isRight(r)) expect([r.right.envelope.runs, r.right.envelope.epochs, r.right.envelope.description]).toEqual([3, 4, "plain"])
  })
})
