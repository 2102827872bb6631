/**
 * The first run: starts the server with --sandbox over stdio under the SDK's MCP client
 * and walks through a short triage conversation, printing each call and its result.
 * Exits non-zero when any step does not behave as expected.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema, type CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { fileURLToPath } from "node:url";

const cliPath = fileURLToPath(new URL("../src/cli.js", import.meta.url));
const wide = process.stdout.columns && process.stdout.columns > 60 ? process.stdout.columns : 100;

interface Step {
  say: string;
  tool: string;
  args: Record<string, unknown>;
  /** True when the step shows a rejected input: the call must fail. */
  expectError?: boolean;
}

const PROFILE = "Acme External";

const STEPS: Step[] = [
  { say: "Which EASM profiles do we have?", tool: "list_easm_profiles", args: {} },
  {
    say: "Add example.org to a new discovery profile, but show me the request first.",
    tool: "create_easm_profile",
    args: {
      name: PROFILE,
      includeSeeds: [{ seedType: "DOMAIN", values: ["example.org"], enumerateSubsidiary: true, horizontalEnumeration: false }],
      excludeSeeds: [{ seedType: "COUNTRY", values: ["CN"] }],
      dryRun: true,
    },
  },
  {
    say: "Looks right, create it.",
    tool: "create_easm_profile",
    args: {
      name: PROFILE,
      includeSeeds: [{ seedType: "DOMAIN", values: ["example.org"], enumerateSubsidiary: true, horizontalEnumeration: false }],
      excludeSeeds: [{ seedType: "COUNTRY", values: ["CN"] }],
    },
  },
  { say: "How is its discovery going?", tool: "get_easm_discovery_status", args: { profileName: PROFILE } },
  { say: "Pause it for now.", tool: "set_easm_profile_active", args: { profileName: PROFILE, active: false } },
  { say: "And turn it back on.", tool: "set_easm_profile_active", args: { profileName: PROFILE, active: true } },
  {
    say: "Also cover our office netblock.",
    tool: "patch_easm_profile",
    args: {
      profileName: PROFILE,
      includeSeeds: [
        { seedType: "DOMAIN", values: ["example.org"], enumerateSubsidiary: true, horizontalEnumeration: false },
        { seedType: "NETBLOCK", values: ["203.0.113.0/24"] },
      ],
    },
  },
  { say: "Show me the profile now.", tool: "get_easm_profile", args: { profileName: PROFILE } },
  {
    say: "Add www.example.net too. (A DOMAIN seed takes only the registrable domain, so this is rejected before anything is sent.)",
    tool: "patch_easm_profile",
    args: { profileName: PROFILE, includeSeeds: [{ seedType: "DOMAIN", values: ["www.example.net"] }] },
    expectError: true,
  },
  { say: "We are done with it: delete the profile.", tool: "delete_easm_profile", args: { profileName: PROFILE } },
  { say: "What is left?", tool: "list_easm_profiles", args: {} },
  {
    say: "How many assets did EASM discover?",
    tool: "count_assets",
    args: { filters: [{ field: "openPorts.discoverySources", operator: "EQUALS", value: "EASM" }] },
  },
  {
    say: "Which internet-facing hosts run an end-of-life operating system? Show me the first two.",
    tool: "search_assets",
    args: {
      filters: [
        { field: "openPorts.discoverySources", operator: "EQUALS", value: "EASM" },
        { field: "operatingSystem.lifecycle.stage", operator: "IN", value: "EOL,EOS,EOL/EOS" },
      ],
      pageSize: 2,
    },
  },
  {
    say: "Same question in QQL, counting only HTTPS ports that EASM found.",
    tool: "count_assets_v1",
    args: { filter: "openPorts:(discoverySources:EASM AND port:443) AND operatingSystem:(lifecycle.stage:`EOL`)" },
  },
];

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => prefix + line)
    .join("\n");
}

function show(result: CallToolResult): string {
  const content = result.structuredContent ?? undefined;
  if (content !== undefined) {
    // Arrays of plain values go on one line, so a seed's values read as a list.
    const pretty = JSON.stringify(content, null, 2).replace(/\[\s+([^[\]{}]*?)\s+\]/g, (_match, inner: string) => `[${inner.split(/,\s+/).join(", ")}]`);
    const lines = pretty.split("\n");
    return lines.length > 60 ? [...lines.slice(0, 60), `... (${lines.length - 60} more lines)`].join("\n") : pretty;
  }
  const first = result.content[0];
  return first && first.type === "text" ? first.text : "(no text)";
}

async function main(): Promise<void> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cliPath, "--sandbox", "--log-level", "error"],
    env: { PATH: process.env.PATH ?? "" },
    stderr: "inherit",
  });
  const client = new Client({ name: "qualys-easm-mcp-demo", version: "1.0.0" }, { capabilities: { elicitation: { form: {} } } });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    console.log(indent(`[the client asks the user] ${request.params.message}`, "   "));
    console.log("   [the user confirms]");
    return { action: "accept", content: { confirm: true } };
  });
  await client.connect(transport);
  const { tools } = await client.listTools();
  console.log(`Connected to qualys-easm-mcp over stdio, sandbox gateway, ${tools.length} tools.\n${"=".repeat(Math.min(wide, 100))}`);

  let failures = 0;
  for (const step of STEPS) {
    console.log(`\nYou: ${step.say}`);
    console.log(`-> ${step.tool} ${JSON.stringify(step.args)}`);
    const result = (await client.callTool({ name: step.tool, arguments: step.args })) as CallToolResult;
    const failed = result.isError === true;
    console.log(indent(show(result), failed ? "  x " : "  < "));
    if (failed !== (step.expectError === true)) {
      failures++;
      console.log(`  !! expected ${step.expectError ? "a rejection" : "success"}`);
    }
  }

  await client.close();
  console.log(`\n${failures === 0 ? "Demo finished: every step behaved as expected." : `Demo finished with ${failures} unexpected results.`}`);
  process.exit(failures === 0 ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(`Demo failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
