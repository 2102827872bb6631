/**
 * Forwards the process's log lines to connected MCP clients as logging notifications
 * (notifications/message), so an assistant's host can show retries and gateway errors.
 * Lines arrive already redacted, because pino's streamWrite hook runs first.
 */
import { Writable } from "node:stream";
import type { LoggingLevel } from "@modelcontextprotocol/sdk/types.js";

/** The part of a server the relay uses: the SDK's Server.sendLoggingMessage. */
export interface LoggingSink {
  sendLoggingMessage(params: { level: LoggingLevel; logger?: string; data: unknown }): Promise<void>;
}

/** pino's numeric levels mapped to MCP (syslog) levels. */
function mcpLevel(pinoLevel: number): LoggingLevel {
  if (pinoLevel >= 60) return "critical";
  if (pinoLevel >= 50) return "error";
  if (pinoLevel >= 40) return "warning";
  if (pinoLevel >= 30) return "info";
  return "debug";
}

export class LogRelay extends Writable {
  private readonly sinks = new Set<LoggingSink>();

  /** Starts forwarding to a server; the returned function stops it. */
  attach(sink: LoggingSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    if (this.sinks.size > 0) {
      for (const line of chunk.toString().split("\n")) this.forward(line);
    }
    done();
  }

  private forward(line: string): void {
    if (line.trim() === "") return;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    const { level, time: _time, pid: _pid, hostname: _hostname, name: _name, ...data } = record;
    const params = { level: mcpLevel(typeof level === "number" ? level : 30), logger: "qualys-easm-mcp", data };
    for (const sink of this.sinks) {
      // A client that went away must not break logging for the others.
      sink.sendLoggingMessage(params).catch(() => undefined);
    }
  }
}
