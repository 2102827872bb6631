import { buildCreateProfile, createProfileShape } from "../../src/easm/index.js";
import { defineTool } from "../define.js";
import { changeOutputShape, sendChange } from "./common.js";

export const createEasmProfile = defineTool({
  name: "create_easm_profile",
  title: "Create an EASM profile",
  description: [
    "Create an EASM discovery profile from seeds: registrable domains, netblocks, certificate subjects, ASNs or organization names, with optional exclusions.",
    "Use it to start discovering a new part of the external attack surface. The subscription allows only a few profiles (3 on a full CSAM licence).",
    "Every documented seed rule is checked first; a violation names the field and the fix and nothing is sent. Pass dryRun: true to preview the request.",
    "Discovery starts on its own; follow it with get_easm_discovery_status.",
  ].join("\n"),
  toolset: "profiles",
  changesState: true,
  inputSchema: createProfileShape,
  outputSchema: changeOutputShape,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async handler(input, context) {
    const request = buildCreateProfile(input);
    return sendChange(context, "create_easm_profile", input.name, request, { dryRun: input.dryRun ?? false, idempotent: false });
  },
});
