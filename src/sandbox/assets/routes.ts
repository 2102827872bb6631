import type { SandboxRoute } from "../types.js";

/** Options for the synthetic CSAM tenant. */
export interface AssetTenantOptions {
  /** Number of synthetic assets. */
  assets: number;
  /** Seed for the deterministic generator. */
  seed: string;
}

/** Routes for the CSAM asset endpoints (v1 and v2). */
export function createAssetRoutes(_options: AssetTenantOptions): SandboxRoute[] {
  // TODO: replaced by the synthetic tenant and the seven CSAM endpoints.
  return [];
}
