/**
 * Direct calls to the sandbox gateway with undici, bypassing MCP and the project's gateway
 * client: the baseline for the per-call, bytes and attack-surface benchmarks.
 */
import { Agent, request } from "undici";
import type { RecordedRequest } from "../../src/sandbox/index.js";
import { BENCH_PASSWORD, BENCH_USERNAME } from "./processes.js";

export interface DirectResponse {
  status: number;
  text: string;
}

/** A keep-alive undici client with one bearer token from the gateway's POST /auth. */
export class DirectGateway {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000 });
  private token = "";

  private constructor(private readonly baseUrl: string) {}

  /** Connects to a gateway and fetches a token with the benchmark credentials. */
  static async connect(baseUrl: string): Promise<DirectGateway> {
    const gateway = new DirectGateway(baseUrl);
    const form = new URLSearchParams({ username: BENCH_USERNAME, password: BENCH_PASSWORD, token: "true" }).toString();
    const response = await gateway.send({ method: "POST", path: "/auth", body: form, contentType: "application/x-www-form-urlencoded" }, false);
    if (response.status !== 201) throw new Error(`POST /auth returned HTTP ${response.status}: ${response.text.slice(0, 200)}`);
    gateway.token = response.text.trim();
    return gateway;
  }

  /** Sends one request with the bearer token and reads the whole body as text. */
  async send(target: { method: string; path: string; query?: Record<string, string>; body?: string; contentType?: string }, authorize = true): Promise<DirectResponse> {
    const query = new URLSearchParams(target.query ?? {}).toString();
    const headers: Record<string, string> = { accept: "application/json" };
    if (authorize) headers.authorization = `Bearer ${this.token}`;
    if (target.contentType !== undefined) headers["content-type"] = target.contentType;
    const response = await request(`${this.baseUrl}${target.path}${query ? `?${query}` : ""}`, {
      method: target.method as "GET",
      headers,
      body: target.body === undefined || target.body === "" ? undefined : target.body,
      dispatcher: this.agent,
    });
    return { status: response.statusCode, text: await response.body.text() };
  }

  /** Sends again a request that the sandbox recorded from the CLI, with this client's token. */
  replay(recorded: RecordedRequest): Promise<DirectResponse> {
    return this.send({ method: recorded.method, path: recorded.path, query: recorded.query, body: recorded.body, contentType: recorded.headers["content-type"] });
  }

  close(): Promise<void> {
    return this.agent.close();
  }
}

/** Returns the requests a sandbox recorded from index `from` on, without the token requests. */
export function apiRequestsSince(requests: readonly RecordedRequest[], from: number): RecordedRequest[] {
  return requests.slice(from).filter((recorded) => recorded.path !== "/auth");
}
