import { buildPatchProfile, patchProfileShape } from "../../src/easm/index.js";
import { defineTool } from "../define.js";
import { changeOutputShape, sendChange } from "./common.js";

export const patchEasmProfile = defineTool({
  name: "patch_easm_profile",
  title: "Change fields of an EASM profile",
  description: [
    "Change only the given fields of an EASM profile; fields left out keep their values.",
    "A given includeSeeds or excludeSeeds list replaces that whole list, so read the profile first (get_easm_profile) and send the full new list.",
    "Seed rules are checked first and nothing is sent on a violation. Pass dryRun: true to preview the request.",
  ].join("\n"),
  toolset: "profiles",
  changesState: true,
  inputSchema: patchProfileShape,
  outputSchema: changeOutputShape,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler(input, context) {
    const request = buildPatchProfile(input);
    return sendChange(context, "patch_easm_profile", input.profileName, request, { dryRun: input.dryRun ?? false, idempotent: true });
  },
});
