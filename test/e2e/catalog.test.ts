import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCliSession, type CliSession } from "./harness.js";

/**
 * Every tool that changes something in the tenant. A new changing tool must be added here
 * on purpose, after checking its annotations, dryRun and read-only handling.
 */
const CHANGING_TOOLS = ["create_easm_profile", "delete_easm_profile", "patch_easm_profile", "set_easm_profile_active", "update_easm_profile"];

let session: CliSession;
let tools: Tool[];

beforeAll(async () => {
  session = await startCliSession();
  tools = (await session.client.listTools()).tools;
});

afterAll(async () => {
  await session?.close();
});

describe("tools/list", () => {
  it("matches the snapshot", async () => {
    await expect(JSON.stringify(tools, null, 2) + "\n").toMatchFileSnapshot("__snapshots__/tools-list.json");
  });

  it("stays under 20 tools", () => {
    expect(tools.length).toBeLessThan(20);
  });

  it("gives every tool all four annotation hints", () => {
    for (const tool of tools) {
      expect(typeof tool.annotations?.readOnlyHint, `${tool.name} readOnlyHint`).toBe("boolean");
      expect(typeof tool.annotations?.destructiveHint, `${tool.name} destructiveHint`).toBe("boolean");
      expect(typeof tool.annotations?.idempotentHint, `${tool.name} idempotentHint`).toBe("boolean");
      expect(typeof tool.annotations?.openWorldHint, `${tool.name} openWorldHint`).toBe("boolean");
    }
  });

  it("lists exactly the known changing tools", () => {
    const changing = tools.filter((tool) => tool.annotations?.readOnlyHint !== true).map((tool) => tool.name).sort();
    expect(changing).toEqual(CHANGING_TOOLS);
  });

  it("gives every changing tool a dryRun field", () => {
    for (const name of CHANGING_TOOLS) {
      const tool = tools.find((candidate) => candidate.name === name)!;
      expect(tool.inputSchema.properties, name).toHaveProperty("dryRun");
    }
  });

  it("gives every tool a title, description and output schema", () => {
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect((tool.description ?? "").length, tool.name).toBeGreaterThan(40);
      expect(tool.outputSchema?.type, tool.name).toBe("object");
    }
  });

  it("has no top-level unions in any schema", () => {
    for (const tool of tools) {
      for (const schema of [tool.inputSchema, tool.outputSchema] as Array<Record<string, unknown>>) {
        expect(schema, tool.name).not.toHaveProperty("anyOf");
        expect(schema, tool.name).not.toHaveProperty("oneOf");
        expect(schema, tool.name).not.toHaveProperty("allOf");
      }
    }
  });
});

describe("tool selection", () => {
  it("--read-only registers no changing tool", async () => {
    const readOnly = await startCliSession({ args: ["--read-only"] });
    try {
      const names = (await readOnly.client.listTools()).tools.map((tool) => tool.name);
      for (const name of CHANGING_TOOLS) expect(names).not.toContain(name);
      expect(names).toContain("list_easm_profiles");
    } finally {
      await readOnly.close();
    }
  });

  it("QUALYS_READ_ONLY wins over --toolsets", async () => {
    const readOnly = await startCliSession({ args: ["--toolsets", "profiles"], env: { QUALYS_READ_ONLY: "1" } });
    try {
      const names = (await readOnly.client.listTools()).tools.map((tool) => tool.name).sort();
      expect(names).toEqual(["get_easm_discovery_status", "get_easm_profile", "list_easm_profiles"]);
    } finally {
      await readOnly.close();
    }
  });

  it("--toolsets profiles registers only profile tools", async () => {
    const profilesOnly = await startCliSession({ args: ["--toolsets", "profiles"] });
    try {
      const names = (await profilesOnly.client.listTools()).tools.map((tool) => tool.name);
      expect(names.every((name) => name.includes("easm"))).toBe(true);
      expect(names).toHaveLength(8);
    } finally {
      await profilesOnly.close();
    }
  });

  it("a call to an unregistered tool fails without reaching the gateway", async () => {
    const readOnly = await startCliSession({ args: ["--read-only"] });
    try {
      readOnly.sandbox.clearRequests();
      const result = await readOnly.call("delete_easm_profile", { profileName: "EASM Default Profile", confirm: "EASM Default Profile" });
      expect(result.isError).toBe(true);
      expect(readOnly.sandbox.requests).toHaveLength(0);
    } finally {
      await readOnly.close();
    }
  });
});
