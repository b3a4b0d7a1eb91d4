// The start-up baseline (bench/startup.mjs): a minimal Nest 12 + Fastify + TypeORM application with
// one entity, one controller and Swagger UI, the way a new project starts: plain `node`, no bundle,
// no code cache. Written as what tsc emits for decorators (the calls, with the design:* metadata
// emitDecoratorMetadata adds), so it runs without a build step. Same packages (node_modules) as the
// API. Env: PORT, HOST, DATABASE_URL.
import 'reflect-metadata';
import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ApiOkResponse, ApiProperty, ApiTags, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Repository } from 'typeorm';

const decorate = (decorators, target, key, descriptor) => Reflect.decorate(decorators, target, key, descriptor);
const meta = (key, value) => Reflect.metadata(key, value);

class Note {}
decorate([PrimaryGeneratedColumn('uuid'), meta('design:type', String)], Note.prototype, 'id');
decorate([Column({ type: 'varchar', length: 200 }), meta('design:type', String)], Note.prototype, 'text');
decorate([CreateDateColumn({ type: 'timestamptz' }), meta('design:type', Date)], Note.prototype, 'createdAt');
decorate([Entity('bench_notes')], Note);

class NoteDto {}
decorate([ApiProperty(), meta('design:type', String)], NoteDto.prototype, 'id');
decorate([ApiProperty(), meta('design:type', String)], NoteDto.prototype, 'text');

class HealthDto {}
decorate([ApiProperty({ example: 'ok' }), meta('design:type', String)], HealthDto.prototype, 'status');

let NotesService = class NotesService {
  constructor(notes) {
    this.notes = notes;
  }
  list() {
    return this.notes.find({ take: 20 });
  }
};
NotesService = decorate(
  [Injectable(), (t) => InjectRepository(Note)(t, undefined, 0), meta('design:paramtypes', [Repository])],
  NotesService,
);

let AppController = class AppController {
  constructor(notes) {
    this.notes = notes;
  }
  health() {
    return { status: 'ok' };
  }
  list() {
    return this.notes.list();
  }
};
decorate([Get('health'), ApiOkResponse({ type: HealthDto })], AppController.prototype, 'health', Object.getOwnPropertyDescriptor(AppController.prototype, 'health'));
decorate([Get('notes'), ApiOkResponse({ type: [NoteDto] })], AppController.prototype, 'list', Object.getOwnPropertyDescriptor(AppController.prototype, 'list'));
AppController = decorate([ApiTags('app'), Controller(), meta('design:paramtypes', [NotesService])], AppController);

let AppModule = class AppModule {};
AppModule = decorate(
  [
    Module({
      imports: [
        TypeOrmModule.forRoot({ type: 'postgres', url: process.env.DATABASE_URL, entities: [Note], synchronize: false }),
        TypeOrmModule.forFeature([Note]),
      ],
      controllers: [AppController],
      providers: [NotesService],
    }),
  ],
  AppModule,
);

const app = await NestFactory.create(AppModule, new FastifyAdapter(), { logger: ['error', 'warn'] });
const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('Minimal').setVersion('1.0.0').build());
SwaggerModule.setup('docs', app, document);
await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => void app.close().then(() => process.exit(0)));
