/** Documentation that is generated from code stays in step with it. */
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { parameterReference } from "../src/library/ParameterReference.ts"
import { ROOT } from "./support/cli.ts"

describe("docs", () => {
  it("docs/parameters.md is the current `sandbox params` output (run `npm run docs`)", () => {
    expect(readFileSync(`${ROOT}docs/parameters.md`, "utf8")).toBe(parameterReference())
  })
})
