export { startSimpleDbLocal } from "./start-simpledb-local.js";
export { DEFAULT_LIMITS } from "./limits.js";
export type { SimpleDbLimits } from "./limits.js";
export type {
  SimpleDbConsistencyOptions,
  SimpleDbCredentials,
  SimpleDbFaultOptions,
  SimpleDbFaultStatus,
  SimpleDbFaultStep,
  SimpleDbLocalOptions,
  SimpleDbLocalServer,
} from "./options.js";
