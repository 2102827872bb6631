import { buildUpdateProfile, updateProfileShape } from "../../src/easm/index.js";
import { defineTool } from "../define.js";
import { changeOutputShape, sendChange } from "./common.js";

export const updateEasmProfile = defineTool({
  name: "update_easm_profile",
  title: "Replace an EASM profile",
  description: [
    "Replace an EASM profile completely: every seed, exclusion and option not given is dropped or reset.",
    "Use patch_easm_profile instead to change only some fields. Pass name to rename the profile.",
    "Seed rules are checked first and nothing is sent on a violation. Pass dryRun: true to preview the request.",
  ].join("\n"),
  toolset: "profiles",
  changesState: true,
  inputSchema: updateProfileShape,
  outputSchema: changeOutputShape,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, context) {
    const request = buildUpdateProfile(input);
    return sendChange(context, "update_easm_profile", input.profileName, request, { dryRun: input.dryRun ?? false, idempotent: true });
  },
});
