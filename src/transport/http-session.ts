/**
 * One MCP session of the HTTP transport: its McpServer and transport, the client requests
 * still waiting for a response, and the HTTP responses still open. The server uses them
 * to expire idle sessions and to send in-flight requests an error response before it shuts down.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import {
  CancelledNotificationSchema,
  isJSONRPCErrorResponse,
  isJSONRPCNotification,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";

type MessageHandler = (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;
type SendOptions = Parameters<StreamableHTTPServerTransport["send"]>[1];

/** JSON-RPC error code for requests cut off because their session closed. JSON-RPC leaves -32000 to -32099 to servers. */
export const SESSION_CLOSED_ERROR_CODE = -32000;

/**
 * The SDK transport, plus the ids of client requests that have no response yet. The SDK
 * sends nothing for a request whose handler was aborted by close(), so without this list
 * a client would wait for such a request until its own timeout.
 */
class TrackingTransport extends StreamableHTTPServerTransport {
  readonly pendingRequests = new Set<RequestId>();

  override get onmessage(): MessageHandler | undefined {
    return super.onmessage;
  }

  override set onmessage(handler: MessageHandler | undefined) {
    super.onmessage =
      handler === undefined
        ? undefined
        : (message, extra) => {
            this.track(message);
            handler(message, extra);
          };
  }

  override async send(message: JSONRPCMessage, options?: SendOptions): Promise<void> {
    if ((isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) && message.id !== undefined) this.pendingRequests.delete(message.id);
    return super.send(message, options);
  }

  private track(message: JSONRPCMessage): void {
    if (isJSONRPCRequest(message)) {
      this.pendingRequests.add(message.id);
      return;
    }
    // A cancelled request gets no response from the SDK, so it stops counting here.
    if (isJSONRPCNotification(message)) {
      const cancelled = CancelledNotificationSchema.safeParse(message);
      const requestId = cancelled.success ? cancelled.data.params.requestId : undefined;
      if (requestId !== undefined) this.pendingRequests.delete(requestId);
    }
  }
}

export interface HttpSessionEvents {
  /** Called once the client's initialize request has been accepted and the session has its id. */
  onOpen: (session: HttpSession) => void;
  /** Called once when the session closes, whether by DELETE, expiry or shutdown. */
  onClose: (session: HttpSession) => void;
}

export class HttpSession {
  private readonly transport: TrackingTransport;
  /** Number of open HTTP responses of this session, the standalone GET stream included while it lasts. */
  private openResponses = 0;
  private lastActivity: number;
  private closed = false;

  private constructor(
    private readonly server: McpServer,
    private readonly now: () => number,
    events: HttpSessionEvents,
  ) {
    this.lastActivity = now();
    this.transport = new TrackingTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: () => events.onOpen(this),
    });
    this.transport.onclose = () => {
      this.closed = true;
      if (this.transport.sessionId !== undefined) events.onClose(this);
    };
  }

  /** Creates a session around a new McpServer. The session gets its id when it handles an initialize request. */
  static async create(server: McpServer, events: HttpSessionEvents, now: () => number = Date.now): Promise<HttpSession> {
    const session = new HttpSession(server, now, events);
    await server.connect(session.transport);
    return session;
  }

  /** The session id, or undefined before the transport accepted an initialize request. */
  get id(): string | undefined {
    return this.transport.sessionId;
  }

  get pendingRequestCount(): number {
    return this.transport.pendingRequests.size;
  }

  /** True when no HTTP response is open and the last request ended more than `idleMs` ago. */
  isIdle(idleMs: number): boolean {
    return this.openResponses === 0 && this.now() - this.lastActivity > idleMs;
  }

  /** Passes one HTTP request to the SDK transport. `body` is the parsed JSON of a POST. */
  async handle(request: IncomingMessage, response: ServerResponse, body?: unknown): Promise<void> {
    this.openResponses += 1;
    this.lastActivity = this.now();
    response.once("close", () => {
      this.openResponses -= 1;
      this.lastActivity = this.now();
    });
    await this.transport.handleRequest(request, response, body);
  }

  /**
   * Closes the session. Requests still waiting first get a JSON-RPC error with `reason`,
   * so their clients do not wait for a response that will never come. Then the server
   * aborts their handlers and ends every open stream of the session.
   */
  async close(reason: string): Promise<void> {
    if (this.closed) return;
    for (const id of [...this.transport.pendingRequests]) {
      // send() fails when the client has already closed the request's stream, and then no client is left to notify.
      await this.transport
        .send({ jsonrpc: "2.0", id, error: { code: SESSION_CLOSED_ERROR_CODE, message: reason } })
        .catch(() => undefined);
    }
    await this.server.close();
  }
}
