/**
 * Pieces shared by the profile tools: the dry-run description of a request, sending a
 * change and reading the gateway's `{code, status, date, message}` response.
 */
import { z } from "zod";
import type { PreparedRequest } from "../../src/gateway/request.js";
import { renderQuery } from "../../src/gateway/request.js";
import { parseChangeEnvelope } from "../../src/easm/index.js";
import type { ToolAnnotations, ToolContext } from "../define.js";

export const READ_ANNOTATIONS: ToolAnnotations = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true };

export const dryRunField = z
  .boolean()
  .default(false)
  .describe("When true, return the exact request (method, path, query, body) without sending it. Use it to show the user a change before making it.");

/** The request as a dry run shows it: the body parsed back from JSON, so the assistant reads structure, not an escaped string. */
export const requestShape = z.object({
  method: z.string(),
  path: z.string().describe("Path with the query string, as sent."),
  query: z.record(z.string(), z.string()),
  contentType: z.string().optional(),
  body: z.unknown().optional(),
});

export const changeOutputShape = {
  profileName: z.string(),
  dryRun: z.boolean().describe("True when nothing was sent."),
  request: requestShape.optional().describe("The exact request, present on a dry run."),
  status: z.string().optional().describe("The gateway's status word, such as SAVED, UPDATED, DELETED, ACTIVATED."),
  message: z.string().optional(),
  date: z.string().optional(),
};

export type ChangeOutput = {
  profileName: string;
  dryRun: boolean;
  request?: z.infer<typeof requestShape>;
  status?: string;
  message?: string;
  date?: string;
};

/** Describes a prepared request for a dry run. */
export function describeRequest(request: PreparedRequest): z.infer<typeof requestShape> {
  const described: z.infer<typeof requestShape> = {
    method: request.method,
    path: request.path + renderQuery(request.query),
    query: request.query,
  };
  if (request.body) {
    described.contentType = request.body.contentType;
    described.body = request.body.contentType.includes("json") ? JSON.parse(request.body.text) : request.body.text;
  }
  return described;
}

/** Sends a change, or only describes it when `dryRun` is set, and returns the tool's output. */
export async function sendChange(
  context: ToolContext,
  operation: string,
  profileName: string,
  request: PreparedRequest,
  options: { dryRun: boolean; idempotent: boolean },
): Promise<ChangeOutput> {
  if (options.dryRun) {
    return { profileName, dryRun: true, request: describeRequest(request) };
  }
  const { body } = await context.gateway.sendJson(request, { operation, idempotent: options.idempotent, signal: context.signal });
  const envelope = parseChangeEnvelope(body);
  context.logger.info({ operation, profileName, status: envelope.status }, "profile changed");
  const output: ChangeOutput = { profileName, dryRun: false };
  if (envelope.status) output.status = envelope.status;
  if (envelope.message) output.message = envelope.message.trim();
  if (envelope.date) output.date = envelope.date;
  return output;
}
