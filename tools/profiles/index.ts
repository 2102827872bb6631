import type { ToolDefinition } from "../define.js";
import { createEasmProfile } from "./create-easm-profile.js";
import { deleteEasmProfile } from "./delete-easm-profile.js";
import { getEasmDiscoveryStatus } from "./get-easm-discovery-status.js";
import { getEasmProfile } from "./get-easm-profile.js";
import { listEasmProfiles } from "./list-easm-profiles.js";
import { patchEasmProfile } from "./patch-easm-profile.js";
import { setEasmProfileActive } from "./set-easm-profile-active.js";
import { updateEasmProfile } from "./update-easm-profile.js";

/** The EASM profile tools (toolset `profiles`), in the order tools/list shows them. */
export const profileTools = [
  listEasmProfiles,
  getEasmProfile,
  getEasmDiscoveryStatus,
  createEasmProfile,
  updateEasmProfile,
  patchEasmProfile,
  setEasmProfileActive,
  deleteEasmProfile,
] as unknown as ToolDefinition[];
