import { Injectable } from '@nestjs/common';
import { IsNull, type EntityManager } from 'typeorm';
import { RecoveryCode } from './mfa.entities.js';
import { newRecoveryCode, RECOVERY_CODE_COUNT, recoveryCodeHash } from './recovery-codes.js';

/** Recovery codes: a fresh set of 10 (shown once), each usable once; only their hashes are kept. */
@Injectable()
export class RecoveryCodesService {
  /** Replaces the user's codes with a fresh set and returns it (the only time it is shown). */
  async replace(manager: EntityManager, userId: string): Promise<string[]> {
    const codes = new Set<string>();
    while (codes.size < RECOVERY_CODE_COUNT) codes.add(newRecoveryCode());
    await manager.delete(RecoveryCode, { userId });
    await manager.insert(
      RecoveryCode,
      [...codes].map((code) => ({ userId, codeHash: recoveryCodeHash(code) })),
    );
    return [...codes];
  }

  /** Uses up one code; true only for the one request that marks an unused code used. */
  async consume(manager: EntityManager, userId: string, code: string): Promise<boolean> {
    const result = await manager.update(
      RecoveryCode,
      { userId, codeHash: recoveryCodeHash(code), usedAt: IsNull() },
      { usedAt: () => 'now()' },
    );
    return result.affected === 1;
  }

  remaining(manager: EntityManager, userId: string): Promise<number> {
    return manager.count(RecoveryCode, { where: { userId, usedAt: IsNull() } });
  }
}
