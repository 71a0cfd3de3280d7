export { paginateListDomains } from "./list-domains-paginator.js";
export type { SimpleDbPaginationConfiguration } from "./paginate.js";
export { paginateSelect } from "./select-paginator.js";
