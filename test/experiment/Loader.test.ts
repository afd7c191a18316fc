/**
 * A model named by path that cannot be loaded is reported at the `model` field's line and
 * column of the experiment file, like every other field's error (not at line 1).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Effect from "effect/Effect"
import { afterAll, describe, expect, it } from "vitest"
import { loadExternalModel } from "../../src/experiment/Loader.ts"

const dir = mkdtempSync(join(tmpdir(), "loader-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const failure = (text: string) => Effect.runPromise(Effect.flip(loadExternalModel(join(dir, "e.yaml"), text)))

describe("loadExternalModel", () => {
  it("names the file and the model field's line and column when nothing is at the path", async () => {
    const err = await failure("name: x\nseed: 1\nepochs: 5\nruns: 1\nmodel: ./nope.ts\n")
    expect(err.file).toBe(join(dir, "e.yaml"))
    expect(err.issues).toEqual([
      { path: "model", message: `Expected a model at "./nope.ts": no model at ${join(dir, "nope.ts")} (expected a folder with index.ts, or a .ts file whose default export is a model)`, line: 5, column: 8 }
    ])
  })

  it("points at the field inside a flow mapping and after comments too", async () => {
    const err = await failure("# an experiment\n\n{ name: x,\n  model:   ./missing }\n")
    expect(err.issues.map((i) => [i.path, i.line, i.column])).toEqual([["model", 4, 12]])
  })

  it("reports a file that is there but exports no model at the same place", async () => {
    writeFileSync(join(dir, "empty.ts"), "export const x = 1\n")
    const err = await failure("name: x\nmodel: ./empty.ts\n")
    expect(err.issues).toHaveLength(1)
    expect(err.issues[0]).toMatchObject({ path: "model", line: 2, column: 8 })
    expect(err.issues[0]!.message).toMatch(/^Expected a model at "\.\/empty\.ts": /)
  })

  it("does nothing for a built-in model", async () => {
    await expect(Effect.runPromise(loadExternalModel(join(dir, "e.yaml"), "name: x\nmodel: subnets\n"))).resolves.toBeUndefined()
  })
})
