import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Authenticated, CurrentUser, type Principal } from '../common/access.js';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { ClientInfo } from '../common/client-info.decorator.js';
import { PageOf, PageQueryDto, type Page } from '../common/pagination.js';
import { unprocessable } from '../common/problem.js';
import { ApiUuidParam, UuidParam } from '../common/uuid-param.js';
import { ServerIdParam } from '../servers/server-id.param.js';
import { CreateJobDto } from './dto/create-job.dto.js';
import { ActionListDto, JobDto, JobSummaryDto } from './dto/job.dto.js';
import { JobsService } from './jobs.service.js';

type Origin = { ip?: string; userAgent?: string };

/** Visible ASCII, as an idempotency key is (a UUID, typically). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

function idempotencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (IDEMPOTENCY_KEY.test(value)) return value;
  throw unprocessable([
    {
      type: 'string_pattern_mismatch',
      loc: ['header', 'idempotency-key'],
      msg: 'Idempotency-Key should be 1 to 255 visible ASCII characters',
    },
  ]);
}

/** A server's actions and jobs (API.md §13). Another user's server is 404. */
@ApiTags('jobs')
@ServerIdParam()
@Authenticated()
@Controller('servers/:id')
export class ServerJobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get('actions')
  @ApiOperation({
    summary: "List the actions a server's agent offers",
    description:
      'The catalog the connected agent(s) declared from their own configuration file; empty when no agent is connected. Nothing else can run: the API never sends a command line.',
  })
  @ApiOkResponse({ type: ActionListDto })
  @ApiErrors(404)
  actions(
    @CurrentUser() caller: Principal,
    @UuidParam('id') serverId: string,
  ): Promise<ActionListDto> {
    return this.jobs.actions(caller.id, serverId);
  }

  @Post('jobs')
  @ApiOperation({
    summary: 'Run an action on a server',
    description:
      'Creates a `queued` job and sends it to the agent, which acknowledges it (`running`) and streams its output; follow it on `/events` (`job_status`, `job_output`) or with `GET /jobs/{id}`. The params are checked against the action’s JSON Schema here and again by the agent. At most 4 jobs per server are queued or running at once (the 5th: 429). With an `Idempotency-Key`, the same key for the same server within 24 h answers the job it first created, whatever the body.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Any 1–255 visible ASCII characters (a UUID, typically): a retry never runs the action twice.',
  })
  @ApiCreatedResponse({ type: JobSummaryDto, description: 'The job (`queued`).' })
  @ApiErrors(400, 404, 409, 422, 429)
  create(
    @CurrentUser() caller: Principal,
    @UuidParam('id') serverId: string,
    @Body() body: CreateJobDto,
    @Headers('idempotency-key') key: string | undefined,
    @ClientInfo() origin: Origin,
  ): Promise<JobSummaryDto> {
    return this.jobs.create(caller, serverId, body, idempotencyKey(key), origin);
  }

  @Get('jobs')
  @ApiOperation({ summary: "List a server's jobs", description: 'Newest first, without output.' })
  @ApiOkResponse({ type: PageOf(JobSummaryDto) })
  @ApiErrors(404, 422)
  list(
    @CurrentUser() caller: Principal,
    @UuidParam('id') serverId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<JobSummaryDto>> {
    return this.jobs.list(caller.id, serverId, query);
  }
}

/** One job (API.md §13): owner only, others 404. */
@ApiTags('jobs')
@ApiUuidParam('id', "A job on one of the caller's servers (404 otherwise).")
@Authenticated()
@Controller('jobs/:id')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ApiOperation({
    summary: 'Read a job with its output',
    description:
      'stdout and stderr chunks interleaved as the agent sent them, at most 1 MiB in all (then `truncated: true`). Output is text: show it as text, never as HTML.',
  })
  @ApiOkResponse({ type: JobDto })
  @ApiErrors(404)
  get(@CurrentUser() caller: Principal, @UuidParam('id') jobId: string): Promise<JobDto> {
    return this.jobs.get(caller.id, jobId);
  }

  @Post('cancel')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Cancel a job',
    description:
      'A running job: the agent is told to stop it (SIGTERM to its process group, SIGKILL 5 s later) and reports it `cancelled`. A job not yet accepted by the agent ends `cancelled` at once. 409 `{"detail": "Job is not running"}` once it has ended.',
  })
  @ApiAcceptedResponse({
    type: JobSummaryDto,
    description: 'Cancellation under way (the job as it is now).',
  })
  @ApiErrors(404, 409)
  cancel(
    @CurrentUser() caller: Principal,
    @UuidParam('id') jobId: string,
    @ClientInfo() origin: Origin,
  ): Promise<JobSummaryDto> {
    return this.jobs.cancel(caller, jobId, origin);
  }
}
