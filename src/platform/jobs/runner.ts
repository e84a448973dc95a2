import { AppError } from '../../errors.ts';

interface Logger {
  error(details: object, message: string): void;
}

/** One piece of queued work: `run` does it, `settle` cleans up after it whether or not it ran. */
export interface QueuedWork {
  run(signal: AbortSignal): Promise<unknown>;
  settle?(): Promise<void>;
  /** The log line of an unexpected failure: what it says, and what names the work. */
  failure: { message: string; details: Record<string, unknown> };
}

export interface JobRunner {
  /** Runs `work` after everything queued before it; its failure never stops the queue. */
  enqueue(work: QueuedWork): void;
  /** Stops taking work, aborts the running piece (between its batches), and waits for it. */
  close(): Promise<void>;
}

/**
 * An in-process runner for background work, one piece at a time: uploads weigh on the database,
 * and two at once would only slow each other. Work still queued at `close` is settled, not run:
 * whatever records it (a job row) shows it interrupted.
 */
export function createJobRunner({ log }: { log?: Logger } = {}): JobRunner {
  const stopping = new AbortController();
  let queue: Promise<void> = Promise.resolve();
  return {
    enqueue(work) {
      queue = queue.then(async () => {
        try {
          if (stopping.signal.aborted) return;
          await work.run(stopping.signal);
        } catch (error) {
          // The work records why it failed; only the unexpected is worth a log line.
          if (!(error instanceof AppError))
            log?.error({ err: error, ...work.failure.details }, work.failure.message);
        } finally {
          await work.settle?.();
        }
      });
    },
    async close() {
      stopping.abort();
      await queue;
    },
  };
}
