import { Inject, Injectable } from "@nestjs/common";
import { PeriodicSweep } from "../../core/scheduling/periodic-sweep.js";
import { HandbookRepository } from "./handbook.repository.js";
import { HandbookService } from "./handbook.service.js";

export const HANDBOOK_SWEEP_MS = Symbol("HANDBOOK_SWEEP_MS");
/** Editions one sweep publishes; more wait for the next sweep. */
const SWEEP_LIMIT = 20;

/**
 * Publishes frozen editions whose date has come, with the stories whose authors did not withdraw.
 * The state lives in Postgres and publishing locks the edition and checks it is still frozen, so
 * whichever API process sweeps, each edition is published once.
 */
@Injectable()
export class HandbookPublisher extends PeriodicSweep<number> {
  constructor(
    private readonly repo: HandbookRepository,
    private readonly handbook: HandbookService,
    @Inject(HANDBOOK_SWEEP_MS) everyMs: number
  ) {
    super(everyMs, "handbook publish sweep", 0);
  }

  /** Publishes what is due now; answers how many editions went out. */
  async sweep(now = new Date()): Promise<number> {
    return this.once(async () => {
      let published = 0;
      for (const id of await this.repo.due(now, SWEEP_LIMIT))
        if (await this.handbook.publishDue(id)) published++;
      return published;
    });
  }
}
