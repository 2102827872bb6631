/** Route matching for the sandbox: a small table of method and path pattern. */
import type { SandboxRoute } from "./types.js";

export type RouteMatch =
  | { kind: "found"; route: SandboxRoute }
  | { kind: "method_not_allowed"; allowedMethods: string[] }
  | { kind: "not_found" };

/**
 * Finds the first route whose pattern matches the decoded path and whose method matches.
 * A string pattern must equal the path. A RegExp pattern is searched in the path, so it
 * should be anchored with `^` and `$`.
 */
export function matchRoute(routes: readonly SandboxRoute[], method: string, path: string): RouteMatch {
  const allowedMethods: string[] = [];
  for (const route of routes) {
    const matches = typeof route.pattern === "string" ? route.pattern === path : path.search(route.pattern) !== -1;
    if (!matches) continue;
    if (route.method === method) return { kind: "found", route };
    if (!allowedMethods.includes(route.method)) allowedMethods.push(route.method);
  }
  return allowedMethods.length > 0 ? { kind: "method_not_allowed", allowedMethods } : { kind: "not_found" };
}
