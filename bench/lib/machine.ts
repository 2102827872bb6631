/** The machine a run measured: CPU model, cores, Node version and operating system. */
import { readFileSync } from "node:fs";
import os from "node:os";

export interface MachineDescription {
  cpu: string;
  cores: number;
  node: string;
  os: string;
}

/** Reads the CPU model from /proc/cpuinfo (Linux), else from os.cpus(). */
function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((text) => text.startsWith("model name"));
    const model = line?.split(":").slice(1).join(":").trim();
    if (model) return model;
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return os.cpus()[0]?.model.trim() || "unknown CPU";
}

/** Reads PRETTY_NAME from /etc/os-release, else the kernel name and release. */
function operatingSystem(): string {
  const kernel = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1];
    if (pretty) return `${pretty} (${kernel})`;
  } catch {
    // No os-release file: the kernel name is enough.
  }
  return kernel;
}

export function describeMachine(): MachineDescription {
  return { cpu: cpuModel(), cores: os.availableParallelism(), node: process.version, os: operatingSystem() };
}
