/** Public surface of the sandbox's synthetic CSAM tenant and its asset endpoints. */
export { createAssetRoutes, createAssetRoutesForTenant, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type AssetPagingFaults, type AssetTenantOptions } from "./routes.js";
export { createTenant, ASSET_ID_STRIDE, DEFAULT_REFERENCE_TIME, FIRST_ASSET_ID, MAX_TENANT_ASSETS, type AssetTenant, type TenantOptions } from "./tenant.js";
export { compileFilter, filterCacheKey, parseFilterBody, parseJsonFilter, parseXmlFilter, V2_OPERATORS, type AssetPredicate, type Criterion, type FilterRequest, type V2Operator } from "./v2-filter.js";
export { compileQql, parseQql, tokenizeQql } from "./qql.js";
export { V2_FIELDS, listQqlTokens, resolveQqlToken } from "./fields.js";
export { BadRequestError } from "./errors.js";
export type { AssetCore, AssetRecord } from "./record.js";
