import { LoggingMessageNotificationSchema, type LoggingMessageNotification } from "@modelcontextprotocol/sdk/types.js";
import { describe, expect, it } from "vitest";
import { SANDBOX_PASSWORD, startCliSession } from "./harness.js";

type LogParams = LoggingMessageNotification["params"];

function messageOf(params: LogParams): string {
  return String((params.data as { msg?: unknown }).msg ?? "");
}

describe("MCP logging notifications", () => {
  it("forward log lines to the client without secrets", async () => {
    const session = await startCliSession();
    const received: LogParams[] = [];
    session.client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      received.push(notification.params);
    });
    try {
      await session.call("list_easm_profiles", {});
      await new Promise((resolve) => setTimeout(resolve, 200));
      const tokenLine = received.find((params) => messageOf(params) === "fetched a gateway token");
      expect(tokenLine?.level).toBe("info");
      expect(tokenLine?.logger).toBe("qualys-easm-mcp");
      const token = session.sandbox.requests.find((request) => request.headers.authorization)!.headers.authorization!.replace("Bearer ", "");
      const everything = JSON.stringify(received);
      expect(everything).not.toContain(token);
      expect(everything).not.toContain(SANDBOX_PASSWORD);
    } finally {
      await session.close();
    }
  });

  it("honour the level the client sets", async () => {
    const session = await startCliSession();
    const received: LogParams[] = [];
    session.client.setNotificationHandler(LoggingMessageNotificationSchema, (notification) => {
      received.push(notification.params);
    });
    try {
      await session.client.setLoggingLevel("warning");
      session.sandbox.injectFault({ kind: "status", status: 500 });
      const result = await session.call("list_easm_profiles", {});
      expect(result.isError).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received.some((params) => messageOf(params) === "fetched a gateway token")).toBe(false);
      const failure = received.find((params) => messageOf(params) === "gateway call failed");
      expect(failure?.level).toBe("warning");
      expect((failure?.data as { status?: number }).status).toBe(500);
    } finally {
      await session.close();
    }
  });
});
