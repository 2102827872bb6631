/**
 * Loads a CommonJS package on first use instead of at start-up. The seed-rule libraries,
 * the XML builder and undici are not needed to respond to initialize or tools/list, so
 * loading them lazily keeps the server's cold start close to a bare MCP server's.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Returns a stand-in for the package's exports that requires the package when a property
 * is first read. Functions are returned unbound, so this suits packages whose functions
 * do not rely on `this` being the module object.
 */
export function lazyRequire<Module extends object>(specifier: string): Module {
  let loaded: Module | undefined;
  return new Proxy({} as Module, {
    get(_target, property) {
      loaded ??= require(specifier) as Module;
      return Reflect.get(loaded, property);
    },
  });
}
