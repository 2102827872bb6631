import { z } from "zod";
import { buildGetProfile, profileNameField, profileSummaryShape, summarizeProfileList } from "../../src/easm/index.js";
import { GatewayError } from "../../src/gateway/errors.js";
import { defineTool } from "../define.js";
import { READ_ANNOTATIONS } from "./common.js";

export const getEasmProfile = defineTool({
  name: "get_easm_profile",
  title: "Get one EASM profile",
  description: [
    "Read one EASM profile by its exact name: its seeds (domains, netblocks, certificate subjects, ASNs, organizations), exclusions and options.",
    "Use it before changing a profile, to see what is there.",
  ].join("\n"),
  toolset: "profiles",
  changesState: false,
  inputSchema: { profileName: profileNameField },
  outputSchema: { profile: z.object(profileSummaryShape) },
  annotations: READ_ANNOTATIONS,
  async handler({ profileName }, context) {
    const { body } = await context.gateway.sendJson(buildGetProfile(profileName), {
      operation: "get_easm_profile",
      idempotent: true,
      signal: context.signal,
    });
    const { profiles } = summarizeProfileList(body, 0);
    const profile = profiles.find((candidate) => candidate.name === profileName) ?? profiles[0];
    if (!profile) {
      throw new GatewayError(
        "not_found",
        `get_easm_profile failed: no profile named "${profileName}". Names are case-sensitive; list_easm_profiles shows the existing ones.`,
        { operation: "get_easm_profile" },
      );
    }
    return { profile };
  },
});
