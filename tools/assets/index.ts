import type { ToolDefinition } from "../define.js";

/** The CSAM asset tools (toolsets `assets` and `assets_v1`). */
export const assetTools: ToolDefinition[] = [];
