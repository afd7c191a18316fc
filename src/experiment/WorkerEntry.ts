/**
 * The run threads' entry (src/experiment/backends/worker-entry.mjs, or the bundled
 * dist/cli/backends/worker-entry.mjs). Resolved from this folder, not from backends/: the bundle
 * (bin/build.js) puts this module in dist/cli/, where the same relative path leads to the bundled
 * entry. Every pool of run threads (the Runner's, a distributed worker's) uses it.
 */
export const workerEntry: URL = new URL("./backends/worker-entry.mjs", import.meta.url)
