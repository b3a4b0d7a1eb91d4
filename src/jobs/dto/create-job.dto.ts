import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsOptional } from 'class-validator';
import { Text } from '../../common/fields.js';

/** `POST /servers/{id}/jobs`: run one of the actions the server's agent declared. */
export class CreateJobDto {
  @Text({
    min: 1,
    max: 64,
    example: 'journal',
    description: "The action's name, as in `GET /servers/{id}/actions` (422 when no agent has it).",
  })
  action: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    required: false as never,
    example: { unit: 'nginx', lines: 50 },
    description:
      'The action\'s parameters, checked against its `params` JSON Schema (422 item per problem, at `loc: ["body", "params", <name>]`); at most 16 KiB as JSON. Default `{}`.',
  })
  @IsOptional()
  @IsObject({ message: 'Input should be a valid dictionary' })
  params?: Record<string, unknown>;
}
