/** Spawn the real `sandbox` command as a user would, and capture what it prints. */
import { execFile } from "node:child_process"
import { fileURLToPath } from "node:url"

export const ROOT = fileURLToPath(new URL("../../", import.meta.url))
const BIN = fileURLToPath(new URL("../../bin/sandbox.js", import.meta.url))

export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/** Run `sandbox ...args` in `cwd` (the repository root by default). Never rejects. */
export const sandbox = (args: ReadonlyArray<string>, cwd = ROOT, env: Readonly<Record<string, string>> = {}): Promise<CliResult> =>
  new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env }, timeout: 280_000, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : null) : 0
      resolve({ code, stdout, stderr })
    })
  })
