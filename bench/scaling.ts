/**
 * The scaling bench: gpu-network at several operator counts, one child process per size.
 *
 * bench/scale.ts is bundled (esbuild) into a temporary file and run with plain node, so each
 * child's peak RSS is the simulation's plus Node's own, without a TypeScript loader's memory.
 * Prints one JSON line per size on stdout and the verdicts on stderr; returns the exit code.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"

interface ScaleLine {
  readonly operators: number
  readonly nsPerAgentEpoch: number
  readonly setupMs: number
  readonly peakRssMiB: number
  readonly controlNs: number
  perControl?: number
}

export const scalingBench = async (sizes: ReadonlyArray<number>, epochs: number): Promise<number> => {
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error("--operators takes a comma-separated list of positive integers, e.g. 1000,10000,100000")
    return 2
  }
  const dir = mkdtempSync(join(tmpdir(), "sandbox-bench-"))
  try {
    const bundle = join(dir, "scale.mjs")
    await build({
      entryPoints: [fileURLToPath(new URL("./scale.ts", import.meta.url))],
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: bundle,
      logLevel: "warning",
      banner: { js: 'import { createRequire as __r } from "node:module"; const require = __r(import.meta.url);' }
    })
    const lines: Array<ScaleLine> = []
    for (const n of sizes) {
      const child = spawnSync(process.execPath, [bundle, String(n), String(epochs)], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
      if (child.status !== 0) {
        console.error(`the ${n}-operator child failed (exit ${child.status})`)
        return 1
      }
      const line = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as ScaleLine
      line.perControl = Math.round((line.nsPerAgentEpoch / line.controlNs) * 100) / 100
      lines.push(line)
      console.log(JSON.stringify(line))
    }
    let code = 0
    const at = (n: number) => lines.find((l) => l.operators === n)
    const big = at(1_000_000)
    const mid = at(100_000)
    if (big && mid) {
      const ratio = big.perControl! / mid.perControl!
      const raw = big.nsPerAgentEpoch / mid.nsPerAgentEpoch
      console.error(`ns/agent-epoch 1M vs 100k: ${ratio.toFixed(2)}x per control (${raw.toFixed(2)}x raw); target <= 1.3x: ${ratio <= 1.3 ? "met" : "NOT MET"}`)
      if (ratio > 1.3) code = 1
    }
    if (big) {
      console.error(`setup at 1M: ${big.setupMs} ms (target < 2000: ${big.setupMs < 2000 ? "met" : "NOT MET"}); peak RSS at 1M: ${big.peakRssMiB} MiB (target < 250: ${big.peakRssMiB < 250 ? "met" : "NOT MET"})`)
      if (big.setupMs >= 2000 || big.peakRssMiB >= 250) code = 1
    }
    return code
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
