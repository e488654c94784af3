import { Inject, Injectable } from "@nestjs/common";
import { PeriodicSweep } from "../../core/scheduling/periodic-sweep.js";
import { DeliveryWorker } from "./delivery.worker.js";
import { DigestRepository } from "./digest.repository.js";

export const DIGEST_SWEEP_MS = Symbol("DIGEST_SWEEP_MS");
/** People one step of a sweep looks at (one statement); a sweep takes steps until it has seen everyone. */
export const DIGEST_STEP = 1000;

/**
 * The weekly in-app digest, written by a sweep any API process may run (hourly by default): the
 * first sweeps of an ISO week write everyone's, the unique dedupe key keeps it to one per person
 * per week whichever process sweeps and however often. Its deliveries go through the same queue.
 */
@Injectable()
export class DigestWorker extends PeriodicSweep<number> {
  constructor(
    private readonly repo: DigestRepository,
    private readonly delivery: DeliveryWorker,
    @Inject(DIGEST_SWEEP_MS) everyMs: number
  ) {
    super(everyMs, "weekly digest", 0);
  }

  /** Answers how many digests it wrote. */
  async sweep(): Promise<number> {
    return this.once(async () => {
      let total = 0;
      let after: string | null = null;
      for (;;) {
        const step = await this.repo.writeDigests(DIGEST_STEP, after);
        total += step.written;
        if (step.lookedAt < DIGEST_STEP || !step.lastId) break;
        after = step.lastId;
      }
      if (total) this.delivery.kick();
      return total;
    });
  }
}
