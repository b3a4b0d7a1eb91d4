import { Module } from '@nestjs/common';
import { ServersModule } from '../servers/servers.module.js';
import { JobAgentService } from './job-agent.service.js';
import { JobCatalog } from './job-catalog.service.js';
import { JobDispatcher } from './job-dispatcher.service.js';
import { JobTransitions } from './job-transitions.service.js';
import { JobUpkeepService } from './job-upkeep.service.js';
import { JobsController, ServerJobsController } from './jobs.controller.js';
import { JobsService } from './jobs.service.js';

/**
 * Agent actions (API.md §13): the catalogs agents declare, jobs over HTTP, their delivery to the
 * agent wherever it is connected, output and results, lost-job detection. The agents gateway
 * (above this module) passes the agents' job messages to JobAgentService, and relays
 * jobs.events.ts to users' /events.
 */
@Module({
  imports: [ServersModule],
  controllers: [ServerJobsController, JobsController],
  providers: [
    JobsService,
    JobCatalog,
    JobDispatcher,
    JobTransitions,
    JobAgentService,
    JobUpkeepService,
  ],
  exports: [JobAgentService],
})
export class JobsModule {}
