import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/** This process among the instances sharing the database: a fresh id per start. */
@Injectable()
export class InstanceIdentity {
  readonly id = randomUUID();
}
