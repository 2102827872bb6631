import { buildCountAssets, countShape, filterShape } from "../../src/csam/index.js";
import { defineTool } from "../define.js";
import { ASSET_READ_ANNOTATIONS, fetchAssetCount } from "./common.js";

export const countAssets = defineTool({
  name: "count_assets",
  title: "Count assets (CSAM v2)",
  description: [
    "Count the assets that match field filters, without fetching them: for example how many assets EASM discovered (openPorts.discoverySources EQUALS EASM), or how many run an unsupported OS (operatingSystem.lifecycle.stage IN EOL,EOS,EOL/EOS).",
    "Cheap; use it before search_assets to decide how much to page through. Same filters as search_assets (resource qualys://guides/filters).",
  ].join("\n"),
  toolset: "assets",
  changesState: false,
  inputSchema: { filters: filterShape.filters, operation: filterShape.operation },
  outputSchema: countShape,
  annotations: ASSET_READ_ANNOTATIONS,
  async handler({ filters, operation }, context) {
    return fetchAssetCount(context, "count_assets", buildCountAssets({ filters, operation, format: context.filterFormat }));
  },
});
