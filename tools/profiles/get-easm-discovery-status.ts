import { z } from "zod";
import { buildDiscoveryStatus, profileNameField, statusRowShape, summarizeStatusRow } from "../../src/easm/index.js";
import { GatewayError } from "../../src/gateway/errors.js";
import { defineTool } from "../define.js";
import { READ_ANNOTATIONS } from "./common.js";

export const getEasmDiscoveryStatus = defineTool({
  name: "get_easm_discovery_status",
  title: "Get EASM discovery status",
  description: [
    "Show where EASM discovery stands for one profile or for all of them: Scheduled, Queued, In Progress, Completed or Failed, with the dates that are set.",
    "Use it after creating or changing a profile, or to check when assets were last discovered.",
  ].join("\n"),
  toolset: "profiles",
  changesState: false,
  inputSchema: { profileName: profileNameField.optional().describe("Profile to report on; leave it out for every profile.") },
  outputSchema: { statuses: z.array(z.object(statusRowShape)) },
  annotations: READ_ANNOTATIONS,
  async handler({ profileName }, context) {
    const { body } = await context.gateway.sendJson(buildDiscoveryStatus(profileName), {
      operation: "get_easm_discovery_status",
      idempotent: true,
      signal: context.signal,
    });
    if (body !== undefined && !Array.isArray(body)) {
      throw new GatewayError(
        "upstream",
        "get_easm_discovery_status failed: the gateway's answer is not a list of status rows. Try again later.",
        { operation: "get_easm_discovery_status" },
      );
    }
    return { statuses: (body ?? []).map(summarizeStatusRow) };
  },
});
