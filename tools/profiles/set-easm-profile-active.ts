import { z } from "zod";
import { buildSetProfileActive, profileNameField } from "../../src/easm/index.js";
import { defineTool } from "../define.js";
import { changeOutputShape, dryRunField, sendChange } from "./common.js";

export const setEasmProfileActive = defineTool({
  name: "set_easm_profile_active",
  title: "Activate or deactivate an EASM profile",
  description: [
    "Activate (active: true) or deactivate (active: false) an EASM profile. A deactivated profile keeps its seeds but stops discovering.",
    "Pass dryRun: true to preview the request.",
  ].join("\n"),
  toolset: "profiles",
  changesState: true,
  inputSchema: {
    profileName: profileNameField,
    active: z.boolean().describe("true to activate the profile, false to deactivate it."),
    dryRun: dryRunField,
  },
  outputSchema: changeOutputShape,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler({ profileName, active, dryRun }, context) {
    const request = buildSetProfileActive(profileName, active);
    return sendChange(context, "set_easm_profile_active", profileName, request, { dryRun: dryRun ?? false, idempotent: true });
  },
});
