// Checks an answer against the schema and the document that asked for it, so that what the
// generated types promise holds on the wire: every selected field is there (and no other),
// a non-null field is never null, an enum value is one the schema knows, an abstract type
// names a possible type, and each scalar is in its wire format (docs/scalars.md). Nothing
// here is written per operation: it all follows from the schema and the document.
import {
  getDirectiveValues,
  getNamedType,
  getVariableValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

/** The wire format of each scalar, as a test of one JSON value. */
const scalarFormats: Record<string, (value: unknown) => boolean> = {
  Int: (v) => Number.isInteger(v) && (v as number) >= -(2 ** 31) && (v as number) < 2 ** 31,
  Float: (v) => typeof v === "number" && Number.isFinite(v),
  String: (v) => typeof v === "string",
  Boolean: (v) => typeof v === "boolean",
  ID: (v) => typeof v === "string" && v.length > 0,
  Date: (v) =>
    typeof v === "string" &&
    /^\d{4}-\d{2}-\d{2}$/.test(v) &&
    new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v,
  DateTime: (v) =>
    typeof v === "string" &&
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3}|\.\d{6}|\.\d{9})?Z$/.test(v) &&
    !Number.isNaN(Date.parse(v)),
  Decimal: (v) => typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v),
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Context {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  problems: string[];
}

/** The problems of `data` as the answer to `operationName` of `document` with `variables`. */
export function conformance(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string,
  variables: Record<string, unknown>,
  data: unknown
): string[] {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode =>
      d.kind === Kind.OPERATION_DEFINITION && d.name?.value === operationName
  );
  if (!operation) return [`the document has no operation ${operationName}`];
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) return coerced.errors.map((e) => `variables: ${e.message}`);
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d])
  );
  const root = schema.getRootType(operation.operation);
  if (!root) return [`the schema has no ${operation.operation} type`];
  const context: Context = { schema, fragments, variables: coerced.coerced, problems: [] };
  checkObject(context, root, [operation.selectionSet], data, "data");
  return context.problems;
}

function included(context: Context, node: { readonly directives?: readonly DirectiveNode[] }): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, context.variables);
  const include = getDirectiveValues(GraphQLIncludeDirective, node, context.variables);
  return skip?.["if"] !== true && include?.["if"] !== false;
}

/** The fields the selection sets ask of an object of `type`, by response key. */
function collectFields(
  context: Context,
  type: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  into = new Map<string, FieldNode[]>(),
  seen = new Set<string>()
): Map<string, FieldNode[]> {
  for (const set of sets) {
    for (const selection of set.selections) {
      if (!included(context, selection)) continue;
      switch (selection.kind) {
        case Kind.FIELD: {
          const key = selection.alias?.value ?? selection.name.value;
          into.set(key, [...(into.get(key) ?? []), selection]);
          break;
        }
        case Kind.INLINE_FRAGMENT: {
          const condition = selection.typeCondition?.name.value;
          if (!condition || applies(context, condition, type)) {
            collectFields(context, type, [selection.selectionSet], into, seen);
          }
          break;
        }
        case Kind.FRAGMENT_SPREAD: {
          const name = selection.name.value;
          const fragment = context.fragments.get(name);
          if (!fragment) {
            context.problems.push(`fragment ${name} is not in the document`);
          } else if (!seen.has(name) && applies(context, fragment.typeCondition.name.value, type)) {
            seen.add(name);
            collectFields(context, type, [fragment.selectionSet], into, seen);
          }
          break;
        }
      }
    }
  }
  return into;
}

function applies(context: Context, condition: string, type: GraphQLObjectType): boolean {
  if (condition === type.name) return true;
  const conditionType = context.schema.getType(condition);
  return (
    conditionType !== undefined &&
    isAbstractType(conditionType) &&
    context.schema.isSubType(conditionType, type)
  );
}

function checkObject(
  context: Context,
  type: GraphQLObjectType,
  sets: readonly SelectionSetNode[],
  value: unknown,
  path: string
): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    context.problems.push(`${path}: expected an object of type ${type.name}, got ${JSON.stringify(value)}`);
    return;
  }
  const object = value as { [key: string]: Json };
  const fields = collectFields(context, type, sets);
  for (const key of Object.keys(object)) {
    if (!fields.has(key)) context.problems.push(`${path}.${key}: not asked for`);
  }
  for (const [key, nodes] of fields) {
    const first = nodes[0];
    if (!first) continue;
    const at = `${path}.${key}`;
    if (!(key in object)) {
      context.problems.push(`${at}: missing`);
      continue;
    }
    const name = first.name.value;
    if (name === "__typename") {
      if (object[key] !== type.name) context.problems.push(`${at}: ${JSON.stringify(object[key])}, not ${type.name}`);
      continue;
    }
    const field = type.getFields()[name];
    if (!field) {
      context.problems.push(`${at}: ${type.name} has no field ${name}`);
      continue;
    }
    const subsets = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
    checkValue(context, field.type, subsets, object[key], at);
  }
}

function checkValue(
  context: Context,
  type: GraphQLOutputType,
  sets: readonly SelectionSetNode[],
  value: unknown,
  path: string
): void {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) {
      context.problems.push(`${path}: null, but the schema says ${String(type)}`);
      return;
    }
    checkValue(context, type.ofType, sets, value, path);
    return;
  }
  if (value === null) return;
  if (isListType(type)) {
    if (!Array.isArray(value)) {
      context.problems.push(`${path}: expected a list (${String(type)}), got ${JSON.stringify(value)}`);
      return;
    }
    value.forEach((item, i) => checkValue(context, type.ofType, sets, item, `${path}.${i}`));
    return;
  }
  const named = getNamedType(type);
  if (isScalarType(named)) {
    const format = scalarFormats[named.name];
    if (!format) context.problems.push(`${path}: no wire format is known for the scalar ${named.name}`);
    else if (!format(value)) context.problems.push(`${path}: ${JSON.stringify(value)} is not a ${named.name}`);
    return;
  }
  if (isEnumType(named)) {
    if (typeof value !== "string" || !named.getValue(value)) {
      context.problems.push(`${path}: ${JSON.stringify(value)} is not a value of ${named.name}`);
    }
    return;
  }
  if (isObjectType(named)) {
    checkObject(context, named, sets, value, path);
    return;
  }
  if (isAbstractType(named)) {
    const typename = (value as { __typename?: unknown }).__typename;
    const concrete = typeof typename === "string" ? context.schema.getType(typename) : undefined;
    if (!concrete || !isObjectType(concrete) || !context.schema.isSubType(named, concrete)) {
      context.problems.push(
        `${path}: an ${named.name} must name its type in __typename (one of ${context.schema
          .getPossibleTypes(named)
          .map((t) => t.name)
          .join(", ")}), got ${JSON.stringify(typename)}`
      );
      return;
    }
    checkObject(context, concrete, sets, value, path);
  }
}
