export type { SimpleDbLimits } from "./limits.js";
export { DEFAULT_LIMITS } from "./limits.js";
export type {
  SimpleDbConsistencyOptions,
  SimpleDbCredentials,
  SimpleDbFaultOptions,
  SimpleDbFaultStatus,
  SimpleDbFaultStep,
  SimpleDbLocalOptions,
  SimpleDbLocalServer,
  SimpleDbTimeoutOptions,
} from "./options.js";
export { startSimpleDbLocal } from "./start-simpledb-local.js";
