import { applyDecorators, HttpCode } from '@nestjs/common';
import { ApiNoContentResponse } from '@nestjs/swagger';

/** The route answers 204 with no body, in the route table and in the OpenAPI document alike. */
export const NoContent = (description?: string) =>
  applyDecorators(HttpCode(204), ApiNoContentResponse(description ? { description } : {}));
