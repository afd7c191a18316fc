/** report.md never turns a bare URL, www. name or e-mail address from the experiment into a live link (issue 22, 14). */
import { mkdtempSync, readFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { ROOT, sandbox } from "../support/cli.ts"

describe("report.md", () => {
  it("keeps bare URLs in the description as text, not GFM autolinks", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "sandbox-links-")), "report")
    const r = await sandbox(["report", join(ROOT, "test/fixtures/hostile/bare-urls.yaml"), "--out", out, "--workers", "1"])
    expect(r.code, r.stderr).toBe(0)
    const text = readFileSync(join(out, "report.md"), "utf8")
    // The text reads the same once entities are decoded, and nothing autolinkable remains.
    expect(text).toContain("See https:&#47;&#47;evil.example/x and www&#46;evil.example or mail me&#64;evil.example")
    // Outside fenced code blocks (the experiment file is quoted in one, where GFM makes no links).
    expect(text.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, "")).not.toMatch(/https?:\/\/|www\.|\w@\w/)
  })
})
