import type { ToolDefinition } from "../define.js";
import { countAssets } from "./count-assets.js";
import { countAssetsV1 } from "./count-assets-v1.js";
import { filterAssetsV1 } from "./filter-assets-v1.js";
import { getAsset } from "./get-asset.js";
import { getAssetV1 } from "./get-asset-v1.js";
import { listAssetsV1 } from "./list-assets-v1.js";
import { searchAssets } from "./search-assets.js";

/** The CSAM asset tools: toolset `assets` (v2) and toolset `assets_v1` (v1, QQL). */
export const assetTools = [countAssets, searchAssets, getAsset, countAssetsV1, filterAssetsV1, listAssetsV1, getAssetV1] as unknown as ToolDefinition[];
