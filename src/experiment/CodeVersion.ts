/**
 * CodeVersion: a fingerprint of the code that computes results (src/ and models/), so a
 * distributed worker running different model code refuses jobs instead of mixing results.
 *
 * `SANDBOX_CODE_VERSION` overrides it: for tests that simulate a mismatched deployment, and for
 * operators who pin a release name across machines with identical checkouts.
 */
import { createHash } from "node:crypto"
import { readdirSync, readFileSync, statSync } from "node:fs"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { VERSION } from "../version.ts"

const ROOT = fileURLToPath(new URL("../../", import.meta.url))

const sources = (dir: string): Array<string> =>
  readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) return sources(path)
      return /\.(ts|tsx|mjs)$/.test(name) ? [path] : []
    })

let cached: string | undefined

/** `VERSION+<12 hex of sha256 over every source file's path and content>`. */
export const codeVersion = (): string => {
  const override = process.env["SANDBOX_CODE_VERSION"]
  if (override) return override
  if (cached === undefined) {
    const hash = createHash("sha256")
    for (const file of [...sources(join(ROOT, "src")), ...sources(join(ROOT, "models"))]) {
      hash.update(relative(ROOT, file)).update("\0").update(readFileSync(file)).update("\0")
    }
    cached = `${VERSION}+${hash.digest("hex").slice(0, 12)}`
  }
  return cached
}
