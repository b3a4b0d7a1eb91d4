import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorDto, ValidationErrorDto } from './error.dto.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request body: `{"detail": "Malformed request body"}`',
  401: 'Missing, invalid or expired credentials: `{"detail": "Not authenticated"}`',
  403: 'Authenticated but not allowed',
  404: 'Unknown, or not yours: `{"detail": "Not Found"}`',
  409: 'Conflicts with an existing record',
  422: 'Validation failed: one item per failed field',
  429: 'Rate limited: `{"detail": "Too many requests"}` with a `Retry-After` header',
};

/** Documents the error answers a route can give, all in the `{"detail"}` shape of API.md §1. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        type: status === 422 ? ValidationErrorDto : ErrorDto,
        ...(status === 429
          ? {
              headers: {
                'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } },
              },
            }
          : {}),
      }),
    ),
  );
}
