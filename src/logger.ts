/**
 * Structured logs on stderr through pino. stdout belongs to the stdio transport, so
 * nothing here may write to it. Every line passes through the secret registry.
 */
import { pino, type Logger as PinoLogger } from "pino";
import type { LogLevel } from "./config.js";
import type { LogRelay } from "./log-relay.js";
import type { SecretRegistry } from "./secrets.js";

export type Logger = PinoLogger;

/**
 * Creates the process logger: JSON lines on stderr, secrets redacted by value and by field
 * name. With a relay, lines at info and above also go to connected MCP clients.
 */
export function createLogger(level: LogLevel, secrets: SecretRegistry, destination: NodeJS.WritableStream = process.stderr, relay?: LogRelay): Logger {
  const output = relay
    ? pino.multistream([
        { stream: destination, level },
        { stream: relay, level: "info" },
      ])
    : destination;
  return pino(
    {
      level,
      base: { name: "qualys-easm-mcp" },
      redact: {
        paths: ["password", "token", "authorization", "headers.authorization", "*.password", "*.token", "*.authorization"],
        censor: "[REDACTED]",
      },
      hooks: {
        streamWrite: (line) => secrets.redact(line),
      },
    },
    output,
  );
}
