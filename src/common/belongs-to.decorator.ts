import { applyDecorators } from '@nestjs/common';
import { JoinColumn, ManyToOne, type ObjectType } from 'typeorm';

/**
 * The row's parent through the foreign key `column`, which the migrations declare ON DELETE
 * CASCADE: the row goes when its parent does (a session or a server with its user, a key with its
 * server). Type the property as `Relation<Parent>` (ESM import order).
 */
export const BelongsTo = <T>(parent: () => ObjectType<T>, column: string) =>
  applyDecorators(ManyToOne(parent, { onDelete: 'CASCADE' }), JoinColumn({ name: column }));
