/**
 * MCP over stdio: one server for the one client on the other end of stdin and stdout.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { buildServer, type ServerDependencies } from "../server.js";

/** Connects a server to stdin/stdout and returns the function that closes it. */
export async function serveStdio(dependencies: ServerDependencies & { onClose: () => void }): Promise<() => Promise<void>> {
  const server = buildServer(dependencies);
  const transport = new StdioServerTransport();
  process.stdin.once("end", dependencies.onClose);
  await server.connect(transport);
  return async () => {
    await server.close();
  };
}
