/**
 * The profile name rule. The release note allows letters a-z and A-Z, digits, "_", and
 * a blank space between two characters. Discovered assets are tagged with the name.
 */
import { InputError } from "../gateway/errors.js";
import { findControlCharacter } from "./seed-values.js";

/** Maximum characters in a profile name. A bound of this server, because the gateway documents none. */
export const MAX_PROFILE_NAME_LENGTH = 256;

const PROFILE_NAME_PATTERN = /^[A-Za-z0-9_]+(?: [A-Za-z0-9_]+)*$/u;
const PROFILE_NAME_RULE = 'a new profile name may contain only ASCII letters (a-z, A-Z), digits, "_" and single spaces between characters';
const PROFILE_NAME_EXAMPLE = 'Give a name such as "External Assets".';

/**
 * Throws InputError unless `name` is valid for a new profile (create, or the new name of a
 * rename). `path` names the field in the error.
 */
export function validateProfileName(name: string, path: string): void {
  if (typeof name !== "string") {
    throw new InputError(path, name, "is not a string", PROFILE_NAME_EXAMPLE);
  }
  if (name.length === 0) {
    throw new InputError(path, name, "is empty", PROFILE_NAME_EXAMPLE);
  }
  if (name.length > MAX_PROFILE_NAME_LENGTH) {
    throw new InputError(
      path,
      name,
      `is ${name.length} characters long, but this server accepts profile names of at most ${MAX_PROFILE_NAME_LENGTH} characters`,
      "Use a shorter name.",
    );
  }
  if (PROFILE_NAME_PATTERN.test(name)) return;

  const suggestion = suggestProfileName(name);
  const fix = suggestion === undefined ? PROFILE_NAME_EXAMPLE : `Use "${suggestion}".`;
  throw new InputError(path, name, `${describeNameProblem(name)}, but ${PROFILE_NAME_RULE}`, fix);
}

function describeNameProblem(name: string): string {
  if (name.startsWith(" ")) return "starts with a space";
  if (name.endsWith(" ")) return "ends with a space";
  if (name.includes("  ")) return "has two spaces in a row";

  const disallowed = /[^A-Za-z0-9_ ]/u.exec(name)?.[0] ?? "";
  return `contains ${JSON.stringify(disallowed)}`;
}

/**
 * Turns an invalid name into a valid one: runs of white space become one space, the ends
 * are trimmed and every other disallowed character becomes "_".
 */
function suggestProfileName(name: string): string | undefined {
  const suggestion = name
    .replace(/\s+/gu, " ")
    .trim()
    .replace(/[^A-Za-z0-9_ ]/gu, "_");
  return PROFILE_NAME_PATTERN.test(suggestion) ? suggestion : undefined;
}

/**
 * Throws InputError unless `name` can name an existing profile. Only the bounds apply
 * (not empty, at most MAX_PROFILE_NAME_LENGTH, no control characters), because a profile
 * made before the creation rule, or in the Qualys UI, may not follow it. The name travels
 * percent-encoded, so any other character is safe to send.
 */
export function validateExistingProfileName(name: string, path: string): void {
  if (typeof name !== "string") {
    throw new InputError(path, name, "is not a string", PROFILE_NAME_EXAMPLE);
  }
  if (name.length === 0) {
    throw new InputError(path, name, "is empty", "Give the profile's exact name; list_easm_profiles shows them.");
  }
  if (name.length > MAX_PROFILE_NAME_LENGTH) {
    throw new InputError(path, name, `is longer than ${MAX_PROFILE_NAME_LENGTH} characters, so it cannot name a profile`, "Give the profile's exact name; list_easm_profiles shows them.");
  }
  const control = findControlCharacter(name);
  if (control !== undefined) {
    throw new InputError(path, name, `contains the control character ${control}`, "Give the profile's exact name; list_easm_profiles shows them.");
  }
}
