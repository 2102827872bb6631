import { z } from "zod";
import { buildListProfiles, profileSummaryShape, summarizeProfileList } from "../../src/easm/index.js";
import { GatewayError } from "../../src/gateway/errors.js";
import { defineTool } from "../define.js";
import { READ_ANNOTATIONS } from "./common.js";

export const listEasmProfiles = defineTool({
  name: "list_easm_profiles",
  title: "List EASM profiles",
  description: [
    "List the subscription's EASM discovery profiles with their seeds, exclusions and active/default flags.",
    "Use this first to see what the external attack surface discovery covers.",
    "Returns at most 20 profiles per page; when hasNextPage is true, call again with pageNumber + 1.",
  ].join("\n"),
  toolset: "profiles",
  changesState: false,
  inputSchema: {
    pageNumber: z.number().int().min(0).max(10_000).default(0).describe("Page to read, starting at 0. Each page holds up to 20 profiles."),
  },
  outputSchema: {
    pageNumber: z.number().int(),
    hasNextPage: z.boolean(),
    profiles: z.array(z.object(profileSummaryShape)),
    note: z.string().optional(),
  },
  annotations: READ_ANNOTATIONS,
  async handler({ pageNumber }, context) {
    try {
      const { body } = await context.gateway.sendJson(buildListProfiles(pageNumber), {
        operation: "list_easm_profiles",
        idempotent: true,
        signal: context.signal,
      });
      return summarizeProfileList(body, pageNumber);
    } catch (error) {
      // The gateway returns 404 for a page past the last one, which is an empty page, not a failure.
      if (pageNumber > 0 && error instanceof GatewayError && error.kind === "not_found") {
        return { pageNumber, hasNextPage: false, profiles: [], note: `Page ${pageNumber} is past the last page of profiles.` };
      }
      throw error;
    }
  },
});
