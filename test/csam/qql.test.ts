import { describe, expect, it } from "vitest";
import { InputError } from "../../src/gateway/errors.js";
import { checkQql } from "../../src/csam/qql.js";

function thrownBy(action: () => unknown): InputError {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError, but nothing was thrown");
}

describe("checkQql", () => {
  const valid = [
    "operatingSystem:(lifecycle.detectionScore:8)",
    "operatingSystem:(lifecycle.detectionScore:80)",
    "openPorts:(discoverySources:EASM)",
    " openPorts:(discoverySources:EASM) ",
    "software:(discoverySources:EASM)",
    'operatingSystem.category1:"Windows" AND NOT tags.name:`Internal`',
    "NOT openPorts:(port:22)",
    "(asset.name:web OR asset.name:mail) AND operatingSystem:(lifecycle.stage:EOL)",
    "lastModifiedDate:[2024-01-01 .. 2024-06-30]",
    "tags.name:[`EASM Default Profile`,`Cloud`]",
    'asset.name:"a(b]c"',
    "asset.name:`x AND`",
    'software:(name:"OpenSSL" AND version:"1.0.2k")',
    "address:10.0.0.1",
    "asset.lastModifiedDate:2024-05-10T08:31:22",
    "name: web",
    "anything",
  ];

  it.each(valid)("accepts %s", (query) => {
    expect(() => checkQql(query)).not.toThrow();
  });

  const invalid: [string, string, string][] = [
    ["operatingSystem:(lifecycle.detectionScore:8", 'unclosed "(" at character 17', 'Add the matching ")"'],
    ["openPorts:(discoverySources:EASM))", '")" that closes nothing at character 34', "Remove it"],
    ["tags.name:[`A`,`B`)", 'mismatched ")" at character 19', 'It closes the "[" at character 11, which needs "]"'],
    ["(a:1] ", 'mismatched "]" at character 5', 'It closes the "(" at character 1'],
    ['asset.name:"web', "unclosed double quote", "at character 12"],
    ["asset.name:`web", "unclosed backtick", "at character 12"],
    ["AND asset.name:web", "AND with no term before it at character 1", "add a term before it"],
    ["OR asset.name:web", "OR with no term before it at character 1", "add a term before it"],
    ["(OR a:1) AND b:2", "OR with no term before it at character 2", "Remove OR"],
    ["asset.name:web OR", "ends with a dangling OR at character 16", "add a term after it"],
    ["asset.name:web AND NOT", "ends with a dangling NOT at character 20", "Remove NOT"],
    ["(a:1 AND) OR b:2", "ends with a dangling AND at character 6", "Remove AND"],
    ["NOT", "ends with a dangling NOT at character 1", "Remove NOT"],
    ["a:1 AND OR b:2", "has OR right after AND at character 9", "Put a term between them"],
    ["a:1 NOT AND b:2", "has AND right after NOT at character 9", "Put a term between them"],
    ["asset.name: AND b:2", 'token "asset.name:" with no value at character 1', "asset.name:EASM"],
    ["asset.name:", 'token "asset.name:" with no value at character 1', "Give it a value"],
    ["openPorts:(discoverySources:)", 'token "discoverySources:" with no value at character 12', "Give it a value"],
    ["a:1 AND ()", 'empty "()" at character 9', "Put a term inside the brackets"],
    ["tags.name:[]", 'empty "[]" at character 11', "Put a term inside the brackets"],
    ["😀:x AND", "dangling AND at character 5", "Remove AND"],
  ];

  it.each(invalid)("rejects %s", (query, problem, fix) => {
    const error = thrownBy(() => checkQql(query));
    expect(error.path).toBe("filter");
    expect(error.message).toContain(problem);
    expect(error.message).toContain(fix);
    expect(error.message).toContain("qualys://guides/filters");
  });

  it("writes the whole message for an unclosed bracket", () => {
    const error = thrownBy(() => checkQql("operatingSystem:(lifecycle.detectionScore:8"));
    expect(error.message).toBe(
      'filter: "operatingSystem:(lifecycle.detectionScore:8" has an unclosed "(" at character 17 (near "\u2026peratingSystem:(lifecycle.dete\u2026"). Add the matching ")". qualys://guides/filters explains the QQL syntax.',
    );
  });

  it("shows an excerpt near the fault of a long query", () => {
    const query = `${"asset.name:web OR ".repeat(10)}asset.name:`;
    const error = thrownBy(() => checkQql(query));
    expect(error.message).toContain('near "\u2026et.name:web OR asset.name:"');
  });

  it("uses the given parameter path", () => {
    expect(thrownBy(() => checkQql("a:(", "qql")).path).toBe("qql");
  });

  it.each(["", "   "])("rejects the empty query %j", (query) => {
    const error = thrownBy(() => checkQql(query));
    expect(error.message).toContain("is empty");
  });

  it("rejects a query over 4000 characters", () => {
    const error = thrownBy(() => checkQql(`asset.name:${"a".repeat(3990)}`));
    expect(error.message).toContain("longer than 4000 characters");
  });

  it("accepts a query of 4000 characters", () => {
    expect(() => checkQql(`asset.name:${"a".repeat(3989)}`)).not.toThrow();
  });

  it.each([
    ["line feed", "a:1\nAND b:2", "U+000A at character 4"],
    ["NUL", "a:\u0000", "U+0000 at character 3"],
    ["bidi override", "a:\u202Eb", "U+202E at character 3"],
  ])("rejects a %s", (_name, query, fragment) => {
    const error = thrownBy(() => checkQql(query));
    expect(error.message).toContain(fragment);
  });
});
