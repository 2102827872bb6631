/**
 * The EASM domain module: seed and profile input shapes, the documented seed and profile
 * rules, request builders and profile summaries. It does not import the MCP SDK.
 */
export * from "./seed-values.js";
export * from "./seeds.js";
export * from "./profile-name.js";
export * from "./profile-input.js";
export * from "./requests.js";
export * from "./summaries.js";
export * from "./profile-names.js";
