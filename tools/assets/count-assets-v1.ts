import { buildCountAssetsV1, countShape, filterShape } from "../../src/csam/index.js";
import { defineTool } from "../define.js";
import { ASSET_READ_ANNOTATIONS, fetchAssetCount } from "./common.js";

export const countAssetsV1 = defineTool({
  name: "count_assets_v1",
  title: "Count assets with QQL (CSAM v1)",
  description: [
    "Count the assets that match a QQL query, or every asset when filter is left out. Example: openPorts:(discoverySources:EASM).",
    "Syntax: resource qualys://guides/filters.",
  ].join("\n"),
  toolset: "assets_v1",
  changesState: false,
  inputSchema: { filter: filterShape.qqlFilter.optional().describe("QQL query; leave it out to count every asset. Example: operatingSystem:(lifecycle.stage:EOL).") },
  outputSchema: countShape,
  annotations: ASSET_READ_ANNOTATIONS,
  async handler({ filter }, context) {
    return fetchAssetCount(context, "count_assets_v1", buildCountAssetsV1({ filter }));
  },
});
