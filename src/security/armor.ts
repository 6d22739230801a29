import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { NoSchemaIntrospectionCustomRule, type GraphQLError, type ValidationRule } from 'graphql';
import { ErrorCode } from '../errors.js';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';

/**
 * Abuse limits for every operation, as envelop plugins: yoga runs them for HTTP requests and the
 * WebSocket server runs them too, because it executes through `yoga.getEnveloped`. They act in
 * parse and validate, so an over-limit operation is rejected before any resolver runs.
 *
 * Field suggestions ("Did you mean …?") leak the schema: blocked in production, where
 * introspection is off by default as well.
 */
export function armorPlugins(config: Config): Plugin[] {
  const onReject = [tagRejection];
  const armor = new EnvelopArmor({
    maxDepth: { n: config.armor.maxDepth, ignoreIntrospection: true, onReject },
    maxAliases: { n: config.armor.maxAliases, onReject },
    maxTokens: { n: config.armor.maxTokens, onReject },
    maxDirectives: { n: config.armor.maxDirectives, onReject },
    costLimit: { ...costLimitOptions(config), onReject },
    blockFieldSuggestion: { enabled: config.env === 'production' },
  });
  const plugins = armor.protect().plugins as Plugin[];
  if (!config.introspection) plugins.push(disableIntrospection());
  return plugins;
}

/**
 * How an operation is weighed: every object field costs `objectCost`, every scalar
 * `scalarCost`, a child weighs `depthCostFactor` times more than its parent, and a list field
 * multiplies its whole selection by its `first`/`last`. What costs is fetching objects and
 * nesting lists; scalars on an object already fetched are nearly free, so a full page of
 * documents with the fields a client shows (REST serves 100 a page) stays far below the limit
 * while a list inside a list is still refused.
 */
export function costLimitOptions(config: Config) {
  return { maxCost: config.armor.maxCost, objectCost: 2, scalarCost: 0.1, depthCostFactor: 1.5, ignoreIntrospection: true };
}

/** Armor's errors carry no code of their own: give them ours, so clients can switch on it. */
function tagRejection(_ctx: unknown, error: GraphQLError): void {
  (error.extensions as Record<string, unknown>).code = ErrorCode.RESOURCE_LIMIT;
}

/** graphql-js's own rule: `__schema` and `__type` become validation errors. */
function disableIntrospection(): Plugin {
  const rule: ValidationRule = NoSchemaIntrospectionCustomRule;
  return {
    onValidate: ({ addValidationRule }) => addValidationRule(rule),
  };
}
