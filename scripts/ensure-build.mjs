// Runs the TypeScript build when dist/ is missing or older than any source file, so
// `npm run demo` works on a fresh clone and stays quick on the next run.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function newestSource(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

const marker = "dist/scripts/demo.js";
const sources = Math.max(...["src", "tools", "scripts", "bench"].filter(existsSync).map(newestSource), statSync("package.json").mtimeMs);
if (!existsSync(marker) || statSync(marker).mtimeMs < sources) {
  console.error("Building (tsc)...");
  const npx = process.platform === "win32" ? "npx.cmd" : "npx";
  const build = spawnSync(npx, ["tsc", "-p", "tsconfig.json"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
