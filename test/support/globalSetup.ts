/**
 * Before the suite: bundle the CLI (bin/build.js) so the end-to-end tests, which spawn `sandbox`
 * dozens of times, start it in ~0.5 s rather than ~1.6 s. bin/sandbox.js checks the bundle is
 * newer than every source file, so the tests always run the code under test.
 */
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL("../../bin/build.js", import.meta.url))], { stdio: "inherit" })
}
