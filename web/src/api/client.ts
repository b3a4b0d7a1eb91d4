import createClient from 'openapi-fetch';
import type { components, paths } from './schema';

/**
 * The typed client: paths, bodies and answers come from the API's OpenAPI document (schema.d.ts is
 * generated from it by `npm run api:client`), so a wrong document fails the console's type-check.
 */
export type Schemas = components['schemas'];
export type User = Schemas['UserDto'];
export type Server = Schemas['ServerDto'];
export type ApiKey = Schemas['ApiKeyDto'];
export type ApiKeyCreated = Schemas['ApiKeyCreatedDto'];
export type Session = Schemas['SessionDto'];
export type FieldError = Schemas['FieldErrorDto'];
export type Action = Schemas['ActionDto'];
export type JobSummary = Schemas['JobSummaryDto'];
export type Job = Schemas['JobDto'];
export type JobOutputChunk = Schemas['JobOutputChunkDto'];

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

/** What went wrong with a call, in words a person can act on (never a raw JSON). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** 422: the API's messages by field name (`password`, `name`…). */
    readonly fields: Record<string, string> = {},
    /** 429/503: seconds to wait, from Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

const GENERIC: Record<number, string> = {
  401: 'Your session has ended. Please sign in again.',
  403: 'You are not allowed to do that.',
  404: 'Not found: it may have been deleted.',
  422: 'Please correct the fields marked below.',
  500: 'Something went wrong on the server. Please try again.',
};

/** Turns an error answer (or a failed fetch) into an ApiProblem. */
export function toProblem(response: Response | undefined, body: unknown): ApiProblem {
  if (!response) {
    return new ApiProblem(0, 'Cannot reach the server. Check your connection and try again.');
  }
  const status = response.status;
  const retry = Number(response.headers.get('Retry-After'));
  const retryAfter = Number.isFinite(retry) && retry > 0 ? Math.ceil(retry) : undefined;
  const detail = (body as { detail?: unknown } | undefined)?.detail;
  if (status === 429) {
    return new ApiProblem(
      status,
      `Too many attempts. Try again in ${waitText(retryAfter)}.`,
      {},
      retryAfter,
    );
  }
  if (status === 503) {
    return new ApiProblem(
      status,
      `The service is unavailable right now. Try again in ${waitText(retryAfter)}.`,
      {},
      retryAfter,
    );
  }
  if (Array.isArray(detail)) {
    const fields: Record<string, string> = {};
    for (const item of detail as FieldError[]) {
      const field = String(item.loc?.[item.loc.length - 1] ?? '');
      fields[field] = fields[field] ? `${fields[field]} ${sentence(item.msg)}` : sentence(item.msg);
    }
    return new ApiProblem(status, GENERIC[422], fields);
  }
  if (typeof detail === 'string' && status < 500) return new ApiProblem(status, sentence(detail));
  return new ApiProblem(status, GENERIC[status] ?? GENERIC[500]);
}

export function waitText(seconds: number | undefined): string {
  if (!seconds) return 'a moment';
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

const sentence = (text: string) => {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/** Any thrown value as an ApiProblem (a network failure included). */
export function asProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return toProblem(undefined, undefined);
}
