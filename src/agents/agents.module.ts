import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { ServersModule } from '../servers/servers.module.js';
import { AgentAudit } from './agent-audit.js';
import { AgentAuthLimiter } from './agent-auth-limiter.js';
import { AgentRevocationService } from './agent-revocation.service.js';
import { AgentSessionsService } from './agent-sessions.service.js';
import { AgentsGateway } from './agents.gateway.js';
import { AsyncApiController } from './asyncapi/asyncapi.controller.js';
import { ApiKeyGuard } from './api-key.guard.js';
import { EventsSessionsService } from './events-sessions.service.js';
import { EventsGateway } from './events.gateway.js';
import { InstanceIdentity } from './presence/instance-identity.js';
import { InstanceLivenessService } from './presence/instance-liveness.service.js';
import { LivePresenceSource } from './presence/live-presence.source.js';
import { PresenceService } from './presence/presence.service.js';

/**
 * The Socket.IO side: agents (/agents, API-key authenticated) and users' live view (/events,
 * access-token authenticated), agent presence, revocation of connected agents, and the AsyncAPI
 * document of both namespaces.
 */
@Module({
  imports: [AuthModule, ApiKeysModule, ServersModule, JobsModule],
  controllers: [AsyncApiController],
  providers: [
    AgentsGateway,
    EventsGateway,
    ApiKeyGuard,
    AgentAudit,
    AgentAuthLimiter,
    AgentSessionsService,
    AgentRevocationService,
    EventsSessionsService,
    PresenceService,
    InstanceIdentity,
    InstanceLivenessService,
    LivePresenceSource,
  ],
})
export class AgentsModule {}
