/**
 * The one place that calls the MCP SDK's tool registration. Tool files call
 * defineTool() with plain zod shapes and a handler; registerTools() turns the catalog
 * into SDK registrations and converts thrown errors into `isError` results.
 */
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { ElicitRequestFormParams, ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import type { GatewayClient } from "../src/gateway/client.js";
import type { Logger } from "../src/logger.js";
import type { SecretRegistry } from "../src/secrets.js";
import { toolErrorMessage } from "../src/errors-to-text.js";

export type Toolset = "profiles" | "assets" | "assets_v1" | "insights";
export const TOOLSETS: readonly Toolset[] = ["profiles", "assets", "assets_v1", "insights"];

export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/** Services a handler receives besides its arguments. */
export interface ToolContext {
  gateway: GatewayClient;
  logger: Logger;
  /** v2 filter body format chosen by `--filter-format`. */
  filterFormat: "json" | "xml";
  /** Aborted when the client cancels the call. */
  signal: AbortSignal;
  /** Asks the user a question through MCP elicitation, or undefined when the client cannot. */
  elicit?: (params: Omit<ElicitRequestFormParams, "mode">) => Promise<ElicitResult>;
  /** Sends an MCP progress notification when the client asked for progress; a no-op otherwise. */
  reportProgress: (progress: number, total?: number, message?: string) => Promise<void>;
}

export interface ToolDefinition<Input extends z.ZodRawShape = z.ZodRawShape, Output extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  toolset: Toolset;
  /** True for a tool that changes anything in the tenant; `--read-only` registers none of them. */
  changesState: boolean;
  inputSchema: Input;
  outputSchema: Output;
  annotations: ToolAnnotations;
  handler: (args: z.infer<z.ZodObject<Input>>, context: ToolContext) => Promise<z.infer<z.ZodObject<Output>>>;
}

/** Declares a tool. Only typing happens here; registration is registerTools()'s job. */
export function defineTool<Input extends z.ZodRawShape, Output extends z.ZodRawShape>(
  definition: ToolDefinition<Input, Output>,
): ToolDefinition<Input, Output> {
  if (definition.changesState === definition.annotations.readOnlyHint) {
    throw new Error(`Tool ${definition.name}: changesState and readOnlyHint must disagree`);
  }
  return definition;
}

export interface RegistrationDependencies {
  gateway: GatewayClient;
  logger: Logger;
  secrets?: SecretRegistry;
  filterFormat: "json" | "xml";
}

/** Registers each tool with the server and wraps its handler in the shared error handling. */
export function registerTools(server: McpServer, tools: readonly ToolDefinition[], dependencies: RegistrationDependencies): void {
  for (const tool of tools) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
        annotations: { title: tool.title, ...tool.annotations },
      },
      async (args: Record<string, unknown>, extra) => {
        const started = Date.now();
        const progressToken = extra._meta?.progressToken;
        const context: ToolContext = {
          gateway: dependencies.gateway,
          logger: dependencies.logger,
          filterFormat: dependencies.filterFormat,
          signal: extra.signal,
          elicit: server.server.getClientCapabilities()?.elicitation
            ? (params) => server.server.elicitInput({ mode: "form", ...params } as ElicitRequestFormParams, { signal: extra.signal })
            : undefined,
          reportProgress: async (progress, total, message) => {
            if (progressToken === undefined) return;
            await extra.sendNotification({
              method: "notifications/progress",
              params: { progressToken, progress, total, message },
            });
          },
        };
        try {
          const output = await tool.handler(args as never, context);
          dependencies.logger.debug({ tool: tool.name, ms: Date.now() - started }, "tool call finished");
          const text = JSON.stringify(output);
          // A gateway message can echo the token or password back; redacting the JSON text
          // keeps it valid, because the registry also replaces the JSON-escaped spellings.
          const redacted = dependencies.secrets ? dependencies.secrets.redact(text) : text;
          return {
            content: [{ type: "text" as const, text: redacted }],
            structuredContent: (redacted === text ? output : JSON.parse(redacted)) as Record<string, unknown>,
          };
        } catch (error) {
          const message = toolErrorMessage(tool.name, error, dependencies.secrets);
          dependencies.logger.warn({ tool: tool.name, ms: Date.now() - started, err: message }, "tool call failed");
          return { content: [{ type: "text" as const, text: message }], isError: true };
        }
      },
    );
  }
}
