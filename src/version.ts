import { readFileSync } from "node:fs";

/** The package version, read from package.json two folders above the compiled file (dist/src/). */
function readVersion(): string {
  for (const relative of ["../../package.json", "../package.json"]) {
    try {
      const text = readFileSync(new URL(relative, import.meta.url), "utf8");
      const parsed = JSON.parse(text) as { name?: string; version?: string };
      if (parsed.name === "qualys-easm-mcp" && parsed.version) return parsed.version;
    } catch {
      // Try the next location: the source tree and the build tree differ by one folder.
    }
  }
  return "0.0.0";
}

export const PACKAGE_VERSION = readVersion();
