/**
 * Turns any error thrown by a tool handler into the plain text the assistant reads:
 * what failed, on which value, and what to do next.
 */
import { ZodError } from "zod";
import { GatewayError, InputError } from "./gateway/errors.js";
import type { SecretRegistry } from "./secrets.js";

/**
 * Formats an error for an `isError` tool result. With `secrets`, registered secrets are
 * removed from the text too. Gateway errors arrive already redacted by the gateway client,
 * but input errors quote the caller's values and unexpected errors quote anything.
 */
export function toolErrorMessage(tool: string, error: unknown, secrets?: SecretRegistry): string {
  const message = describeError(tool, error);
  return secrets ? secrets.redact(message) : message;
}

function describeError(tool: string, error: unknown): string {
  if (error instanceof InputError) {
    return `Invalid input for ${tool}, nothing was sent. ${error.message}`;
  }
  if (error instanceof GatewayError) {
    return error.message;
  }
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`).join("; ");
    return `Invalid input for ${tool}, nothing was sent. ${issues}`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `${tool} failed unexpectedly: ${message}. The server keeps running; try again, and report this if it repeats.`;
}
