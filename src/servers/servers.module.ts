import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServerPresence } from './server-presence.js';
import { Server } from './server.entity.js';
import { ServersController } from './servers.controller.js';
import { ServersService } from './servers.service.js';
import { UserServersListener } from './user-servers.listener.js';

@Module({
  imports: [TypeOrmModule.forFeature([Server])],
  controllers: [ServersController],
  providers: [ServersService, ServerPresence, UserServersListener],
  exports: [ServersService, ServerPresence],
})
export class ServersModule {}
