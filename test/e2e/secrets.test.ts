import { describe, expect, it } from "vitest";
import { SANDBOX_PASSWORD, resultText, startCliSession } from "./harness.js";

describe("secrets", () => {
  it("never appear in tool results or logs", async () => {
    const session = await startCliSession();
    const outputs: string[] = [];
    try {
      const calls: Array<[string, Record<string, unknown>]> = [
        ["list_easm_profiles", {}],
        ["create_easm_profile", { name: "Secret Test", includeSeeds: [{ seedType: "DOMAIN", values: ["example.org"] }] }],
        ["create_easm_profile", { name: "Secret Test", includeSeeds: [{ seedType: "DOMAIN", values: ["example.org"] }] }],
        ["create_easm_profile", { name: "Bad", includeSeeds: [{ seedType: "DOMAIN", values: ["www.example.org"] }] }],
        ["get_easm_profile", { profileName: "Missing" }],
        ["get_easm_discovery_status", {}],
        ["delete_easm_profile", { profileName: "Secret Test", confirm: "Secret Test" }],
      ];
      session.sandbox.expireTokens();
      for (const [name, args] of calls) {
        const result = await session.call(name, args);
        outputs.push(resultText(result), JSON.stringify(result.structuredContent ?? {}));
      }
      const tokens = session.sandbox.requests
        .map((request) => request.headers.authorization)
        .filter((header): header is string => header !== undefined)
        .map((header) => header.replace(/^Bearer /, ""));
      expect(tokens.length).toBeGreaterThan(0);

      const everything = outputs.join("\n") + "\n" + session.stderr();
      expect(session.stderr()).toContain("fetched a gateway token");
      expect(everything).not.toContain(SANDBOX_PASSWORD);
      for (const token of new Set(tokens)) expect(everything).not.toContain(token);
    } finally {
      await session.close();
    }
  });
});
