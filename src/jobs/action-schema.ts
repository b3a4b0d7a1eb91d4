import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * Named actions as agents declare them (API.md §13), and the JSON Schema checks of their params.
 * Pure: used by the API (the catalog an agent sends, every job request) and by the agent CLI (its
 * own actions file, and every job_run it receives) — the same rules on both sides.
 */

export interface ActionDefinition {
  name: string;
  description: string;
  /** A JSON Schema: an object of string / number / integer / boolean (or enum) properties. */
  params: ParamsSchema;
  timeout_s: number;
  risk: 'low' | 'high';
}

export interface ParamsSchema {
  type: 'object';
  properties: Record<string, Record<string, unknown>>;
  required?: string[];
  additionalProperties?: boolean;
}

export const MAX_ACTIONS = 100;
export const MAX_TIMEOUT_S = 24 * 3600;
/** A job's params, as JSON, are at most this many bytes (API.md §13). */
export const MAX_PARAMS_BYTES = 16 * 1024;
export const ACTION_NAME = '^[a-z0-9][a-z0-9_.-]{0,63}$';

const scalar = {
  description: { type: 'string', maxLength: 500 },
  title: { type: 'string', maxLength: 100 },
};
/**
 * The one shape an action's params schema may take. No `pattern` (an agent's regular expression
 * would run in the API: a catastrophic one could stall it), no references, no nesting: an enum
 * says what a free pattern would, and is what a form can offer as a choice.
 */
const PROPERTY_SCHEMA = {
  oneOf: [
    {
      type: 'object',
      properties: {
        ...scalar,
        type: { const: 'string' },
        enum: {
          type: 'array',
          minItems: 1,
          maxItems: 200,
          items: { type: 'string', maxLength: 200 },
        },
        minLength: { type: 'integer', minimum: 0, maximum: 4096 },
        maxLength: { type: 'integer', minimum: 0, maximum: 4096 },
        default: { type: 'string', maxLength: 4096 },
      },
      required: ['type'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: {
        ...scalar,
        type: { enum: ['number', 'integer'] },
        enum: { type: 'array', minItems: 1, maxItems: 200, items: { type: 'number' } },
        minimum: { type: 'number' },
        maximum: { type: 'number' },
        default: { type: 'number' },
      },
      required: ['type'],
      additionalProperties: false,
    },
    {
      type: 'object',
      properties: { ...scalar, type: { const: 'boolean' }, default: { type: 'boolean' } },
      required: ['type'],
      additionalProperties: false,
    },
  ],
};

const PARAM_NAME = '^[A-Za-z_][A-Za-z0-9_]{0,63}$';

export const ACTION_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: ACTION_NAME },
    description: { type: 'string', maxLength: 500 },
    params: {
      type: 'object',
      properties: {
        type: { const: 'object' },
        properties: {
          type: 'object',
          maxProperties: 32,
          propertyNames: { pattern: PARAM_NAME },
          additionalProperties: PROPERTY_SCHEMA,
        },
        required: {
          type: 'array',
          maxItems: 32,
          uniqueItems: true,
          items: { type: 'string', pattern: PARAM_NAME },
        },
        additionalProperties: { type: 'boolean' },
      },
      required: ['type', 'properties'],
      additionalProperties: false,
    },
    timeout_s: { type: 'integer', minimum: 1, maximum: MAX_TIMEOUT_S },
    risk: { enum: ['low', 'high'] },
  },
  required: ['name', 'description', 'params', 'timeout_s', 'risk'],
  additionalProperties: false,
};

export const CATALOG_SCHEMA = {
  type: 'object',
  properties: {
    actions: { type: 'array', maxItems: MAX_ACTIONS, items: ACTION_SCHEMA },
  },
  required: ['actions'],
};

// Our own patterns only (the catalog's), never an agent's: see PROPERTY_SCHEMA.
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: false });
const validateCatalog = ajv.compile(CATALOG_SCHEMA);
const validateAction = ajv.compile(ACTION_SCHEMA);

/** The actions of a `capabilities` payload, or null when it is not the documented shape. */
export function parseCatalog(payload: unknown): ActionDefinition[] | null {
  if (!validateCatalog(payload)) return null;
  const actions = (payload as { actions: ActionDefinition[] }).actions;
  const names = new Set(actions.map((action) => action.name));
  if (names.size !== actions.length) return null;
  // Every required param must be a declared one, or no params could ever satisfy the schema.
  for (const action of actions) {
    const declared = Object.keys(action.params.properties);
    if (action.params.required?.some((name) => !declared.includes(name))) return null;
  }
  return actions;
}

/** One action's problems (for the agent's own file), as readable lines; empty when it is fine. */
export function actionProblems(action: unknown): string[] {
  if (validateAction(action)) {
    const { params } = action as unknown as ActionDefinition;
    const declared = Object.keys(params.properties);
    return (params.required ?? [])
      .filter((name) => !declared.includes(name))
      .map((name) => `params.required names "${name}", which is not a property`);
  }
  return (validateAction.errors ?? []).map(
    (error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`,
  );
}

/**
 * Params checks, compiled once per distinct schema. Agents of a fleet declare the same few
 * actions, so the cache stays small; it is bounded all the same (oldest compiled first out).
 */
const paramsAjv = new Ajv({ allErrors: true, strict: true, coerceTypes: false });
const compiled = new Map<string, ValidateFunction>();
const MAX_COMPILED = 500;

function paramsValidator(schema: ParamsSchema): ValidateFunction {
  const text = JSON.stringify(schema);
  let validate = compiled.get(text);
  if (!validate) {
    // Closed whatever the agent said: a param the action does not declare is a mistake, never
    // passed along.
    validate = paramsAjv.compile({ ...schema, additionalProperties: false });
    if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
    compiled.set(text, validate);
  }
  return validate;
}

export interface ParamsProblem {
  /** The Ajv keyword that failed ("required", "enum", "type", "additionalProperties"…). */
  keyword: string;
  /** Path inside the params object (the missing or extra property name included). */
  path: string[];
  message: string;
  value: unknown;
}

/** What is wrong with `params` for `schema` (empty: valid). */
export function paramsProblems(schema: ParamsSchema, params: unknown): ParamsProblem[] {
  const validate = paramsValidator(schema);
  if (validate(params)) return [];
  return (validate.errors ?? []).map((error) => toProblem(error, params));
}

function toProblem(error: ErrorObject, params: unknown): ParamsProblem {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const extra =
    error.keyword === 'required'
      ? (error.params as { missingProperty: string }).missingProperty
      : error.keyword === 'additionalProperties'
        ? (error.params as { additionalProperty: string }).additionalProperty
        : undefined;
  if (extra !== undefined) path.push(extra);
  let value: unknown = params;
  for (const part of path) value = (value as Record<string, unknown> | undefined)?.[part];
  const message =
    error.keyword === 'required'
      ? 'Field required'
      : error.keyword === 'additionalProperties'
        ? 'Extra inputs are not permitted'
        : error.keyword === 'enum'
          ? `Input should be one of ${(error.params as { allowedValues: unknown[] }).allowedValues
              .map((v) => JSON.stringify(v))
              .join(', ')}`
          : `Input ${error.message ?? 'is invalid'}`;
  return { keyword: error.keyword, path, message, value };
}
