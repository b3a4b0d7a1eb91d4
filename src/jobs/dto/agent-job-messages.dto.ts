import {
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  registerDecorator,
} from 'class-validator';
import { parseCatalog, type ActionDefinition } from '../action-schema.js';
import { AGENT_RESULT_STATUSES } from '../job.entity.js';

/** What the agent sends about jobs on /agents (API.md §13), as class-validator DTOs. */

/** Most text one job_output may carry (a socket message is at most 64 KiB in all). */
export const MAX_CHUNK_CHARS = 32 * 1024;

function IsActionCatalog() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isActionCatalog',
      target: object.constructor,
      propertyName,
      validator: { validate: (value: unknown) => parseCatalog({ actions: value }) !== null },
    });
}

/** `capabilities {actions: [...]}`: the agent's catalog, from its own configuration. */
export class CapabilitiesDto {
  @IsArray()
  @IsActionCatalog()
  actions: ActionDefinition[];
}

/** `job_output {job_id, seq, stream, data}`. */
export class JobOutputDto {
  @IsUUID()
  job_id: string;

  @IsInt()
  @Min(0)
  @Max(10_000_000)
  seq: number;

  @IsIn(['stdout', 'stderr'])
  stream: 'stdout' | 'stderr';

  @IsString()
  @MaxLength(MAX_CHUNK_CHARS)
  data: string;
}

/** `job_result {job_id, exit_code, status}`. */
export class JobResultDto {
  @IsUUID()
  job_id: string;

  @IsOptional()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  exit_code: number | null = null;

  @IsIn(AGENT_RESULT_STATUSES)
  status: (typeof AGENT_RESULT_STATUSES)[number];
}
