import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { readColumns, readTable } from "../../src/experiment/DataFile.ts"

const read = (text: string) => readColumns("data.csv", text, [{ name: "price", values: "positive" }, { name: "stake", values: "nonNegative" }])
const issues = (text: string) => {
  const r = read(text)
  if (Either.isRight(r)) throw new Error("expected an error")
  return r.left.issues
}

describe("data files", () => {
  it("reads the required columns in row order, skipping comments and other columns", () => {
    const r = read("# synthetic, for tests\nepoch,price,stake,note\n0,1.5,10,a\n1,\"2\",0,b\n2,3,5,\"x, y\"\n")
    expect(Either.isRight(r)).toBe(true)
    const c = Either.getOrThrow(r).values
    expect(Either.getOrThrow(r).lines).toEqual([3, 4, 5])
    expect(Array.from(c["price"]!)).toEqual([1.5, 2, 3])
    expect(Array.from(c["stake"]!)).toEqual([10, 0, 5])
  })

  it("reads Windows line endings, with the same rows", () => {
    const r = read("price,stake\r\n1,2\r\n3,-4\r\n")
    expect(Either.isLeft(r) && r.left.issues[0]).toMatchObject({ line: 3, column: 2 })
  })

  it("a missing column names it and the columns the header has", () => {
    expect(issues("epoch,prize,stake\n0,1,2\n")).toEqual([{ path: "price", message: 'Expected a column "price"; the header has "epoch", "prize", "stake"', line: 1, column: 1 }])
  })

  it("a value out of range or not a number gives its row (line) and column", () => {
    expect(issues("price,stake\n1,2\n3,-4\n")).toEqual([{ path: "stake", message: 'Expected a number >= 0, got "-4"', line: 3, column: 2 }])
    expect(issues("price,stake\n0,2\n")).toEqual([{ path: "price", message: 'Expected a number > 0, got "0"', line: 2, column: 1 }])
    expect(issues("# note\nprice,stake\n1,2\nabc,2\n,3\n")).toEqual([
      { path: "price", message: 'Expected a number > 0, got "abc"', line: 4, column: 1 },
      { path: "price", message: 'Expected a number > 0, got ""', line: 5, column: 1 }
    ])
  })

  it("an empty file, a file with a header only, and a ragged row are errors", () => {
    expect(issues("")[0]!.message).toMatch(/Expected a header row naming the columns price, stake/)
    expect(issues("price,stake\n")[0]!.message).toMatch(/at least one data row/)
    expect(issues("price,stake\n1,2\n3\n")[0]).toMatchObject({ path: "(csv)", line: 3 })
  })

  it("lists at most 20 problems and counts the rest", () => {
    const text = "price,stake\n" + Array.from({ length: 30 }, () => "-1,1").join("\n") + "\n"
    const list = issues(text)
    expect(list).toHaveLength(21)
    expect(list[20]).toEqual({ path: "(more)", message: "10 more values are invalid" })
  })

  it("a table: one record per row with the named columns, numbers as numbers, text as text, empty cells left out", () => {
    const r = readTable("costs.csv", "# synthetic\nregion,cost,fixed,note\nasia,110,30,x\n\"euro, pe\",1e2,,y\noceania,abc,-5,z\n", ["region", "cost", "fixed"])
    expect(Either.isRight(r)).toBe(true)
    const t = Either.getOrThrow(r)
    expect(t.rows).toEqual([{ region: "asia", cost: 110, fixed: 30 }, { region: "euro, pe", cost: 100 }, { region: "oceania", cost: "abc", fixed: -5 }])
    expect(t.lines).toEqual([3, 4, 5])
    expect(t.header).toEqual(["region", "cost", "fixed", "note"])
  })

  it("a table's missing column, empty file or header without rows is an error", () => {
    const left = (text: string) => {
      const r = readTable("costs.csv", text, ["region", "cost"])
      if (Either.isRight(r)) throw new Error("expected an error")
      return r.left.issues
    }
    expect(left("region,prize\nasia,1\n")).toEqual([{ path: "cost", message: 'Expected a column "cost"; the header has "region", "prize"', line: 1, column: 1 }])
    expect(left("")[0]!.message).toMatch(/Expected a header row naming the columns region, cost/)
    expect(left("region,cost\n")[0]!.message).toMatch(/at least one data row/)
  })
})
