import { ApiUuidParam } from '../common/uuid-param.js';

/** The `:id` of a server's routes, its API keys' included: 404 unless it is the caller's. */
export const ServerIdParam = () =>
  ApiUuidParam('id', "One of the caller's servers (404 otherwise).");
