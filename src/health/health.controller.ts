import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../common/access.js';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../common/dependency-unavailable.js';
import { ApiError } from '../common/problem.js';
import { API_PREFIX } from '../openapi.js';
import { RedisConnection } from '../common/redis.module.js';

/**
 * The probes answer at the root, where load balancers and orchestrators look first, and under the
 * API prefix like every other route of the contract. (app.factory.ts keeps the prefix off them.)
 */
export const HEALTH_PATHS = {
  live: `${API_PREFIX}/health`,
  ready: `${API_PREFIX}/health/ready`,
  rootLive: 'health',
  rootReady: 'health/ready',
};

class HealthDto {
  @ApiProperty({ example: 'ok' })
  status: string;
}

class ReadinessDto extends HealthDto {
  @ApiProperty({ example: { database: 'ok', redis: 'not configured' } })
  checks: Record<string, string>;
}

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly redis: RedisConnection,
  ) {}

  @Get(HEALTH_PATHS.live)
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers (no I/O)' })
  @ApiOkResponse({ type: HealthDto })
  live(): HealthDto {
    return { status: 'ok' };
  }

  @Get(HEALTH_PATHS.rootLive)
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness, at the root (for load balancers)' })
  @ApiOkResponse({ type: HealthDto })
  liveAtRoot(): HealthDto {
    return this.live();
  }

  @Get(HEALTH_PATHS.rootReady)
  @ApiOperation({ summary: 'Readiness, at the root (for load balancers)' })
  @ApiOkResponse({ type: ReadinessDto })
  readyAtRoot(): Promise<ReadinessDto> {
    return this.ready();
  }

  @Get(HEALTH_PATHS.ready)
  @ApiOperation({ summary: 'Readiness: the database (and Redis, when configured) answer' })
  @ApiOkResponse({ type: ReadinessDto })
  async ready(): Promise<ReadinessDto> {
    const database = await this.dataSource.query('SELECT 1').then(
      () => 'ok',
      () => 'unavailable',
    );
    const redis = this.redis.client
      ? (await this.redis.ping())
        ? 'ok'
        : 'unavailable'
      : 'not configured';
    if (database !== 'ok' || redis === 'unavailable') {
      // Documented with every other 503 (openapi.ts); load balancers retry after Retry-After.
      throw new ApiError(503, 'Service unavailable', {
        'Retry-After': String(UNAVAILABLE_RETRY_AFTER_SECONDS),
      });
    }
    return { status: 'ok', checks: { database, redis } };
  }
}
