import { z } from "zod";
import { buildDeleteProfile, profileNameField } from "../../src/easm/index.js";
import { InputError } from "../../src/gateway/errors.js";
import { defineTool } from "../define.js";
import { changeOutputShape, dryRunField, sendChange } from "./common.js";

export const deleteEasmProfile = defineTool({
  name: "delete_easm_profile",
  title: "Delete an EASM profile",
  description: [
    "Delete an EASM profile and its seeds. This cannot be undone.",
    "When the client supports elicitation the user is asked to confirm; otherwise confirm must equal the profile name, so ask the user before setting it.",
    "Pass dryRun: true to preview the request without asking or sending.",
  ].join("\n"),
  toolset: "profiles",
  changesState: true,
  inputSchema: {
    profileName: profileNameField,
    confirm: z
      .string()
      .max(256)
      .optional()
      .describe("The profile name again, typed only after the user agreed to the deletion. Needed when the client cannot ask the user itself."),
    dryRun: dryRunField,
  },
  outputSchema: {
    ...changeOutputShape,
    deleted: z.boolean().describe("True when the gateway deleted the profile."),
    confirmedBy: z.enum(["user", "confirm"]).optional().describe("How the deletion was confirmed: by the user through the client, or by the confirm field."),
  },
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  async handler({ profileName, confirm, dryRun }, context) {
    const request = buildDeleteProfile(profileName);
    if (dryRun) {
      return { ...(await sendChange(context, "delete_easm_profile", profileName, request, { dryRun: true, idempotent: true })), deleted: false };
    }

    let confirmedBy: "user" | "confirm";
    if (context.elicit) {
      const answer = await context.elicit({
        message: `Delete the EASM profile "${profileName}"? Its seeds and settings are removed for good, and discovery for it stops.`,
        requestedSchema: {
          type: "object",
          properties: {
            confirm: { type: "boolean", title: "Delete this profile", description: `Check to delete "${profileName}".` },
          },
          required: ["confirm"],
        },
      });
      if (answer.action !== "accept" || answer.content?.confirm !== true) {
        context.logger.info({ profileName, action: answer.action }, "profile deletion declined by the user");
        return {
          profileName,
          dryRun: false,
          deleted: false,
          message: `The user did not confirm, so "${profileName}" was not deleted and nothing was sent.`,
        };
      }
      confirmedBy = "user";
    } else {
      if (confirm === undefined) {
        throw new InputError(
          "confirm",
          "",
          `is missing, so nothing was deleted`,
          `Ask the user to confirm the deletion, then call again with confirm set to "${profileName}".`,
        );
      }
      if (confirm !== profileName) {
        throw new InputError(
          "confirm",
          confirm,
          `does not equal the profile name "${profileName}", so nothing was deleted`,
          `Ask the user to confirm the deletion, then call again with confirm set to "${profileName}".`,
        );
      }
      confirmedBy = "confirm";
    }

    const output = await sendChange(context, "delete_easm_profile", profileName, request, { dryRun: false, idempotent: true });
    return { ...output, deleted: true, confirmedBy };
  },
});
