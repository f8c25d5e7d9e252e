import type { JobSource } from '../printer/print-runner.js';
import type { BranchQueue } from '../queue/branch-queue.js';
import { printJobMessage } from './printable-ticket.js';

/** The print jobs of one device, read and settled by the hub itself, for a network printer the hub runs. */
export function localJobSource(queue: BranchQueue, deviceId: string, baseUrl: string): JobSource {
  return {
    openJobs: async () => queue.store.openPrintJobs(deviceId).filter((j) => j.state === 'queued').map((j) => printJobMessage(queue, j, baseUrl)),
    start: async (jobId) => void queue.startPrint(jobId, deviceId),
    finish: async (jobId, result) => void queue.finishPrint(jobId, deviceId, result),
    reportStatus: async (status, detail) => void queue.reportPrinterStatus(deviceId, status, detail),
    recoverInterrupted: async () => void queue.interruptUnfinishedPrints(deviceId),
  };
}
