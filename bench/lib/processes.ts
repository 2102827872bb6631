/** Paths of the programs the benchmarks start, and the peak memory and CPU time of a running process. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The built CLI, dist/src/cli.js, found from this file's place in dist/bench/lib. */
export const CLI_PATH = fileURLToPath(new URL("../../src/cli.js", import.meta.url));

/** The repository root, with a trailing slash: three folders up from dist/bench/lib. */
export const REPOSITORY_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** The child script that measures the cost of one import (bench/import-cost.ts). */
export const IMPORT_COST_PATH = fileURLToPath(new URL("../import-cost.js", import.meta.url));

/** The bare SDK server that the cold-start and per-call benchmarks compare against. */
export const BARE_SERVER_PATH = fileURLToPath(new URL("../bare-server.js", import.meta.url));

/** Credentials the benchmark sandboxes accept and the CLI receives through its environment. */
export const BENCH_USERNAME = "bench";
export const BENCH_PASSWORD = "bench-password";

/** Environment for a spawned CLI: the credentials and PATH, nothing inherited that could change its settings. */
export function cliEnvironment(): Record<string, string> {
  return { QUALYS_USERNAME: BENCH_USERNAME, QUALYS_PASSWORD: BENCH_PASSWORD, PATH: process.env.PATH ?? "" };
}

/**
 * Reads a process's peak resident set size (VmHWM in /proc/<pid>/status), in bytes.
 * Returns undefined where /proc is missing (not Linux) or the process has exited.
 */
export function peakRssBytes(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Clock ticks per second of the times in /proc/<pid>/stat, read once from `getconf CLK_TCK` (100 when that fails). */
let clockTicks: number | undefined;

/**
 * Reads the CPU time (user + system) a process has used so far, in milliseconds, from
 * /proc/<pid>/stat. Returns undefined where /proc is missing or the process has exited.
 */
export function cpuTimeMs(pid: number): number | undefined {
  try {
    clockTicks ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name in field 2 may contain spaces, so count the fields after its closing bracket.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const userTicks = Number(fields[11]);
    const systemTicks = Number(fields[12]);
    return ((userTicks + systemTicks) * 1000) / clockTicks;
  } catch {
    return undefined;
  }
}
