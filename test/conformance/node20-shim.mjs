// Preload for running @modelcontextprotocol/conformance 0.1.16 on Node 20.
//
// The conformance bundle imports `globSync` from "fs", which Node adds only in 22, so on
// Node 20 the module fails to link with "does not provide an export named 'globSync'".
// Only its tier-check command calls globSync; server mode never does. This loader hook
// hands the conformance package (and nothing else) a copy of node:fs that also exports
// a globSync stub, which throws if it is ever called.
//
// Use: NODE_OPTIONS="--import <absolute path to this file>" npx conformance server ...
import { register } from "node:module";

register(
  "data:text/javascript," +
    encodeURIComponent(`
export async function resolve(specifier, context, next) {
  const fromConformance = context.parentURL?.includes("/@modelcontextprotocol/conformance/");
  if ((specifier === "fs" || specifier === "node:fs") && fromConformance) {
    return {
      url: "data:text/javascript," + encodeURIComponent(
        "import fs from 'node:fs'; export * from 'node:fs'; export default fs;" +
        "export function globSync() { throw new Error('fs.globSync needs Node 22 or later'); }"),
      shortCircuit: true,
    };
  }
  return next(specifier, context);
}`),
);
