/**
 * The CSAM asset domain: v2 filters (JSON and XML), the v1 QQL check, request builders
 * for the seven asset operations, cursor paging and asset summaries. Nothing here imports
 * the MCP SDK.
 */
export * from "./filters.js";
export * from "./full.js";
export * from "./output.js";
export * from "./paging.js";
export * from "./qql.js";
export * from "./requests.js";
export * from "./summary.js";
export { findForbiddenCharacter, sanitizeUntrusted, type ForbiddenCharacter } from "./text.js";
export * from "./aggregate.js";
