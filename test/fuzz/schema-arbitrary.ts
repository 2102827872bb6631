/**
 * fast-check arbitraries derived from a tool's JSON input schema, as tools/list shows it.
 * "valid" values match the schema, so they pass the SDK's input validation and reach the
 * handler. "fuzzed" values keep the schema's shape but break it here and there: a value
 * past a bound, a wrong type, a missing required field or an extra one.
 */
import fc from "fast-check";

/** The subset of JSON Schema (draft 7) that zod 4 emits for the tools' input schemas. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
}

export type SchemaMode = "valid" | "fuzzed";

/** Realistic values that make some generated inputs pass the tools' own rules and reach the gateway. */
export interface SchemaHints {
  /** Values for properties of this name, mixed with the generated strings and numbers. */
  byName?: Record<string, fc.Arbitrary<unknown>>;
  /** Values for the `values` list of an object whose `seedType` has this value. */
  valuesBySeedType?: Record<string, readonly string[]>;
}

/**
 * Characters and short sequences that have broken parsers before: separators the tools
 * treat specially (";", "*", "?"), control characters, lone surrogates, bidirectional and
 * zero-width marks, quotes, markup and path pieces, and letters that change length when
 * their case changes.
 */
const TRICKY_UNITS = [
  ";", "*", "?", ",", ":", "(", ")", "[", "]", "{", "}", "=", "/", "\\", '"', "'", "`", "<", ">", "&", "%", "%00", "%2F", "${", "../",
  " ", "  ", "\t", "\n", "\r", "\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\u00a0", "\u2028", "\u200b", "\u202e", "\ufeff",
  "\ud800", "\udfff", "é", "ß", "İ", "ﬀ", "日本", "😀", "👩‍💻", "a", "Z", "0", "9", "_", "-", ".", "AND", "OR", "NOT",
];

/** Single UTF-16 code units, so `unit.repeat(n)` is exactly n characters long to zod. */
const ONE_UNIT_CHARACTERS = ["a", "Z", "9", "_", " ", ";", "*", "\u0000", "\n", "é", "\ud800"];

const MAX_GENERATED_STRING = 40;
/** Arrays hold at most this many generated items; longer arrays repeat one item up to the schema's bound. */
const MAX_GENERATED_ITEMS = 4;

/** Keys that collide with Object.prototype or that a careless merge turns into prototype pollution. */
const TRICKY_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", " ", "dryRun ", "DRYRUN"];

/** Any JSON value, small enough to keep a run fast. */
export const anyJson: fc.Arbitrary<unknown> = fc.jsonValue({ maxDepth: 3 });

/**
 * Arbitrary for a value of `schema`. The root keeps its type even in "fuzzed" mode, so a
 * tool's arguments stay an object as MCP requires.
 */
export function schemaArbitrary(schema: JsonSchema, mode: SchemaMode, hints: SchemaHints = {}): fc.Arbitrary<unknown> {
  return new SchemaArbitraryBuilder(mode, hints).shaped(schema, undefined);
}

class SchemaArbitraryBuilder {
  /**
   * @param large whether this builder may produce maximum-size strings and arrays. Items
   *   of a maximum-size array come from a builder without it, so one input stays within
   *   a few hundred kilobytes instead of the product of every bound.
   */
  constructor(
    private readonly mode: SchemaMode,
    private readonly hints: SchemaHints,
    private readonly large = true,
  ) {}

  build(schema: JsonSchema, name: string | undefined): fc.Arbitrary<unknown> {
    const shaped = this.shaped(schema, name);
    if (this.mode === "valid") return shaped;
    return fc.oneof(
      { arbitrary: shaped, weight: 8 },
      { arbitrary: breakingValue(schema), weight: 1 },
      { arbitrary: wrongType(schema), weight: 1 },
    );
  }

  shaped(schema: JsonSchema, name: string | undefined): fc.Arbitrary<unknown> {
    const hinted = name === undefined ? undefined : this.hints.byName?.[name];
    const generated = this.generated(schema);
    return hinted === undefined ? generated : fc.oneof({ arbitrary: hinted, weight: 3 }, { arbitrary: generated, weight: 2 });
  }

  private generated(schema: JsonSchema): fc.Arbitrary<unknown> {
    if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
    switch (primaryType(schema)) {
      case "object":
        return this.object(schema);
      case "array":
        return this.array(schema);
      case "string":
        return stringArbitrary(schema.minLength ?? 0, schema.maxLength ?? 10_000, this.large);
      case "integer":
        return integerArbitrary(schema);
      case "number":
        return fc.oneof(integerArbitrary(schema), fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true }));
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      default:
        return anyJson;
    }
  }

  private object(schema: JsonSchema): fc.Arbitrary<unknown> {
    const properties = schema.properties ?? {};
    const required = schema.required ?? [];
    const seedTypes = properties.seedType?.enum;

    const record = (overrides: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> => {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, child] of Object.entries(properties)) model[key] = overrides[key] ?? this.build(child, key);
      return fc.record(model, { requiredKeys: required });
    };

    // A seed's values depend on its type, so the type is drawn first and the values come from that type's realistic pool.
    const base =
      seedTypes !== undefined && properties.values !== undefined && this.hints.valuesBySeedType !== undefined
        ? fc.constantFrom(...(seedTypes as string[])).chain((seedType) =>
            record({ seedType: fc.constant(seedType), values: this.seedValues(properties.values!, seedType) }),
          )
        : record({});
    if (this.mode === "valid") return base;

    const withExtraKeys = fc
      .tuple(base, fc.dictionary(fc.oneof(fc.constantFrom(...TRICKY_KEYS), fc.string()), anyJson, { minKeys: 1, maxKeys: 3 }))
      .map(([value, extra]) => ({ ...extra, ...value }));
    const arbitraries: Array<fc.WeightedArbitrary<unknown>> = [
      { arbitrary: base, weight: 6 },
      { arbitrary: withExtraKeys, weight: 1 },
    ];
    if (required.length > 0) {
      const withoutRequired = fc.tuple(base, fc.constantFrom(...required)).map(([value, missing]) => {
        const copy = { ...value };
        delete copy[missing];
        return copy;
      });
      arbitraries.push({ arbitrary: withoutRequired, weight: 1 });
    }
    return fc.oneof(...arbitraries);
  }

  private seedValues(schema: JsonSchema, seedType: string): fc.Arbitrary<unknown> {
    const pool = this.hints.valuesBySeedType?.[seedType] ?? [];
    if (pool.length === 0) return this.build(schema, "values");
    const realistic = fc.uniqueArray(fc.constantFrom(...pool), { minLength: 1, maxLength: Math.min(pool.length, 3) });
    return fc.oneof({ arbitrary: realistic, weight: 3 }, { arbitrary: this.build(schema, "values"), weight: 2 });
  }

  private array(schema: JsonSchema): fc.Arbitrary<unknown> {
    const item = this.build(schema.items ?? {}, undefined);
    const minItems = schema.minItems ?? 0;
    const maxItems = schema.maxItems ?? 1000;
    const short = fc.array(item, { minLength: minItems, maxLength: Math.max(minItems, Math.min(maxItems, MAX_GENERATED_ITEMS)) });
    if (maxItems <= MAX_GENERATED_ITEMS || !this.large) return short;
    // The longest allowed array, one small item repeated, so it stays cheap to generate.
    const smallItem = new SchemaArbitraryBuilder(this.mode, this.hints, false).build(schema.items ?? {}, undefined);
    const longest = smallItem.map((value) => Array.from({ length: maxItems }, () => value));
    return fc.oneof({ arbitrary: short, weight: 9 }, { arbitrary: longest, weight: 1 });
  }
}

function primaryType(schema: JsonSchema): string | undefined {
  if (Array.isArray(schema.type)) return schema.type.find((type) => type !== "null") ?? schema.type[0];
  if (schema.type !== undefined) return schema.type;
  if (schema.properties !== undefined) return "object";
  if (schema.items !== undefined) return "array";
  return undefined;
}

/**
 * Strings of `minLength` to `maxLength` UTF-16 code units: unicode, tricky sequences, raw
 * code points, or, when `large`, exactly the maximum.
 */
function stringArbitrary(minLength: number, maxLength: number, large: boolean): fc.Arbitrary<string> {
  const fit = (text: string): string => (text.length < minLength ? text.padEnd(minLength, "a") : text.slice(0, maxLength));
  const texts = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: MAX_GENERATED_STRING }),
    fc.string({ unit: fc.constantFrom(...TRICKY_UNITS), maxLength: MAX_GENERATED_STRING }),
    fc.string({ unit: "binary", maxLength: MAX_GENERATED_STRING }),
  );
  if (!large) return texts.map(fit);
  const longest = fc.constantFrom(...ONE_UNIT_CHARACTERS).map((character) => character.repeat(maxLength));
  return fc.oneof({ arbitrary: texts.map(fit), weight: 9 }, { arbitrary: longest, weight: 1 });
}

function integerArbitrary(schema: JsonSchema): fc.Arbitrary<number> {
  const minimum = schema.minimum ?? Number.MIN_SAFE_INTEGER;
  const maximum = schema.maximum ?? Number.MAX_SAFE_INTEGER;
  return fc.oneof(
    fc.constantFrom(minimum, maximum),
    fc.bigInt({ min: BigInt(minimum), max: BigInt(maximum) }).map(Number),
    fc.integer({ min: Math.max(minimum, 0), max: Math.min(maximum, Math.max(minimum, 0) + 100) }),
  );
}

/** Generates values just outside the schema's bounds: one past a length, a count or a number limit, or an empty required list. */
function breakingValue(schema: JsonSchema): fc.Arbitrary<unknown> {
  const candidates: unknown[] = [];
  switch (primaryType(schema)) {
    case "string":
      if (schema.maxLength !== undefined) candidates.push("a".repeat(schema.maxLength + 1), ";".repeat(schema.maxLength + 1));
      if ((schema.minLength ?? 0) > 0) candidates.push("");
      if (schema.enum !== undefined) {
        for (const option of schema.enum) if (typeof option === "string") candidates.push(option.toLowerCase(), ` ${option}`, `${option}\u0000`);
      }
      break;
    case "integer":
    case "number":
      if (schema.minimum !== undefined) candidates.push(schema.minimum - 1, schema.minimum - 0.5);
      if (schema.maximum !== undefined) candidates.push(schema.maximum + 1, schema.maximum + 0.5);
      candidates.push(0.5, -1, 2 ** 53, 2 ** 64, 1e308, -1e308, 5e-324);
      break;
    case "array":
      if (schema.maxItems !== undefined) candidates.push(Array.from({ length: schema.maxItems + 1 }, () => "a"));
      if ((schema.minItems ?? 0) > 0) candidates.push([]);
      candidates.push([[[]]], [null]);
      break;
    case "object":
      candidates.push({}, { "": null });
      break;
    default:
      break;
  }
  candidates.push(null);
  return fc.constantFrom(...candidates);
}

/** Generates a JSON value of another type than the schema requires, or of any type. */
function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const byType: Record<string, unknown[]> = {
    string: [0, -1, true, ["a"], { value: "a" }],
    integer: ["1", "0", "", true, 1.25, [1], { value: 1 }],
    number: ["1.5", "", false, [1.5]],
    boolean: ["true", "false", 0, 1, "", [true]],
    array: ["a;b", "", 1, { 0: "a" }, { length: 1 }],
    object: ["{}", "", 1, [], [{}], true],
  };
  const type = primaryType(schema);
  const candidates = type === undefined ? [] : (byType[type] ?? []);
  return candidates.length === 0 ? anyJson : fc.oneof(fc.constantFrom(...candidates), anyJson);
}
