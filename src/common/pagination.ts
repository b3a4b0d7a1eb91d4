import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Integer } from './fields.js';

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
  @Integer({ min: 1, max: 100, presence: 'optional', default: 20, description: 'Page size.' })
  @QueryInteger()
  limit: number = 20;

  // Beyond MAX_SAFE_INTEGER a number loses precision, and PostgreSQL's OFFSET overflows (a 500).
  @Integer({
    min: 0,
    max: Number.MAX_SAFE_INTEGER,
    presence: 'optional',
    default: 0,
    description: 'Items to skip.',
  })
  @QueryInteger()
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
