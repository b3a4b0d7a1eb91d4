import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminUsersController } from './admin-users.controller.js';
import { ProfileController } from './profile.controller.js';
import { User } from './user.entity.js';
import { UsersService } from './users.service.js';

/** Accounts: the caller's profile and the admins' user management. */
@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [ProfileController, AdminUsersController],
  providers: [UsersService],
})
export class UsersModule {}
