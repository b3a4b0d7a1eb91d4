import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * A whole number from the query string: decimal digits only. Anything else ('1e3', '0x10', '', ' ')
 * is left as sent, for IsInt to refuse, instead of whatever Number() makes of it.
 */
export const QueryInteger = () =>
  Transform(({ value }) =>
    typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value,
  );

/** `?limit=&offset=` of every list endpoint (API.md §6). */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20, description: 'Page size.' })
  @IsOptional()
  @QueryInteger()
  @IsInt({ message: 'Input should be a valid integer' })
  @Min(1, { message: 'Input should be greater than or equal to 1' })
  @Max(100, { message: 'Input should be less than or equal to 100' })
  limit: number = 20;

  @ApiPropertyOptional({ minimum: 0, default: 0, description: 'Items to skip.' })
  @IsOptional()
  @QueryInteger()
  @IsInt({ message: 'Input should be a valid integer' })
  @Min(0, { message: 'Input should be greater than or equal to 0' })
  // Beyond this a number loses precision, and PostgreSQL's OFFSET overflows (a 500).
  @Max(Number.MAX_SAFE_INTEGER, {
    message: `Input should be less than or equal to ${Number.MAX_SAFE_INTEGER}`,
  })
  offset: number = 0;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export function page<T>(items: T[], total: number, query: PageQueryDto): Page<T> {
  return { items, total, limit: query.limit, offset: query.offset };
}

/** OpenAPI schema of a page of `itemType`, for `@ApiOkResponse({ type: PageOf(X) })`. */
export function PageOf<T>(itemType: new () => T): new () => Page<T> {
  class PageDto {
    @ApiProperty({ type: [itemType] })
    items: T[];
    @ApiProperty({ example: 1 })
    total: number;
    @ApiProperty({ example: 20 })
    limit: number;
    @ApiProperty({ example: 0 })
    offset: number;
  }
  Object.defineProperty(PageDto, 'name', { value: `${itemType.name.replace(/Dto$/, '')}Page` });
  return PageDto;
}
