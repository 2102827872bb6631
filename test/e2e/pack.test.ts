import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let folder: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), "qualys-easm-mcp-pack-"));
  // --ignore-scripts: the suite already built dist/, so prepack need not build again.
  execFileSync(npm, ["pack", "--ignore-scripts", "--pack-destination", folder], { cwd: resolve("."), stdio: "pipe" });
  const tarball = readdirSync(folder).find((name) => name.endsWith(".tgz"))!;
  writeFileSync(join(folder, "package.json"), JSON.stringify({ name: "pack-test", version: "1.0.0", private: true }));
  execFileSync(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", `./${tarball}`], { cwd: folder, stdio: "pipe" });
}, 240_000);

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe("packed tarball", () => {
  it("runs as npx qualys-easm-mcp --version", () => {
    const output = execFileSync("npx", ["--no-install", "qualys-easm-mcp", "--version"], { cwd: folder, encoding: "utf8" });
    expect(output.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("serves tools over stdio with --sandbox", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(folder, "node_modules", "qualys-easm-mcp", "dist", "src", "cli.js"), "--sandbox", "--sandbox-assets", "20"],
      env: { PATH: process.env.PATH ?? "" },
      stderr: "ignore",
    });
    const client = new Client({ name: "pack-test", version: "1.0.0" });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.length).toBe(16);
      const result = await client.callTool({ name: "count_assets", arguments: {} });
      expect(result.structuredContent).toEqual({ count: 20 });
    } finally {
      await client.close();
    }
  });
});
