/**
 * Every tool the server can offer, and the choice of which ones a configuration registers.
 */
import type { ToolDefinition, Toolset } from "./define.js";
import { profileTools } from "./profiles/index.js";
import { assetTools } from "./assets/index.js";
import { insightTools } from "./insights/summarize-attack-surface.js";

export const CATALOG: readonly ToolDefinition[] = [...profileTools, ...assetTools, ...insightTools] as readonly ToolDefinition[];

/**
 * Picks the tools of the chosen toolsets. Read-only mode drops every tool that changes
 * anything, whatever else is configured.
 */
export function selectTools(toolsets: readonly Toolset[], readOnly: boolean): ToolDefinition[] {
  return CATALOG.filter((tool) => toolsets.includes(tool.toolset) && !(readOnly && tool.changesState));
}
