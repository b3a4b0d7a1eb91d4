// Loaded with `node --import` by bench/login-flood.mjs for its baseline: the audit log's two writes
// (AuditService.record and recordUnchanged) do nothing, everything else is the same build.
import { AuditService } from '../dist/audit/audit.service.js';

AuditService.prototype.record = async () => {};
AuditService.prototype.recordUnchanged = () => {};
