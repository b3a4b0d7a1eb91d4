/**
 * The contract between the jobs module and the /events gateway (API.md §13): what a job's requester
 * sees live, wherever they are connected. The jobs module emits these in-process (EventEmitter2)
 * after its change commits; the /events gateway sends them to the requester's room, which the
 * Socket.IO adapter relays to every instance.
 */
import type { JobSummaryDto } from './dto/job.dto.js';

/** A job changed status: `job_status` carries the whole job (without output). */
export const JOB_STATUS_CHANGED = 'job.status-changed';
export interface JobStatusChangedEvent {
  userId: string;
  job: JobSummaryDto;
}

/** A chunk of output was stored: `job_output {job_id, server_id, seq, stream, data}`. */
export const JOB_OUTPUT_RECEIVED = 'job.output-received';
export interface JobOutputReceivedEvent {
  userId: string;
  output: { job_id: string; server_id: string; seq: number; stream: string; data: string };
}
