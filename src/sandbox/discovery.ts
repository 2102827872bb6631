/**
 * Discovery status of one EASM profile. After each create or update a discovery run goes
 * Scheduled → Queued → In Progress → Completed, one stage per step. Stages are worked out
 * from timestamps whenever the status is read, so no timers run. Deactivating the profile
 * pauses the run, and activating it again resumes the run at the stage where it paused.
 */
import { formatGatewayDate } from "./dates.js";

/** NOTE: only "Scheduled" appears in the API release note; the other strings are as users reported them. */
export const DISCOVERY_STAGES = ["Scheduled", "Queued", "In Progress", "Completed"] as const;
export type DiscoveryStage = (typeof DISCOVERY_STAGES)[number];

const COMPLETED = DISCOVERY_STAGES.length - 1;
const IN_PROGRESS = DISCOVERY_STAGES.indexOf("In Progress");
const ONE_DAY_MS = 24 * 60 * 60 * 1000;

/** One row of GET /easm/v2/profile/status. */
export interface DiscoveryStatusRow {
  profileName: string;
  lastConfiguredOn: string | null;
  status: DiscoveryStage;
  nextScheduledSyncOn: string | null;
  discoveryStartedAt: string | null;
  discoveryFailedOn: string | null;
  lastDiscoveryCompletedOn: string | null;
}

/** The discovery run of one profile. All times are epoch milliseconds. */
export class Discovery {
  private stageIndex = 0;
  /** When the current stage began, shifted forward by the time spent paused. */
  private stageEnteredAt: number;
  /** When the profile was deactivated, or null while it is active. */
  private pausedAt: number | null;
  private lastConfiguredOn: number;
  private discoveryStartedAt: number | null = null;
  private lastDiscoveryCompletedOn: number | null = null;
  private nextScheduledSyncOn: number | null = null;
  private readonly stepMs: number;

  /** Starts the first run at `now`. The run of a profile created inactive starts paused. */
  constructor(now: number, stepMs: number, active: boolean) {
    this.stepMs = stepMs;
    this.lastConfiguredOn = now;
    this.stageEnteredAt = now;
    this.pausedAt = active ? null : now;
  }

  /**
   * Starts a new run after the profile was changed. The dates of the previous run stay
   * until the new run replaces them, except the next sync, which the new run reschedules.
   */
  restart(now: number): void {
    this.advance(now);
    this.stageIndex = 0;
    this.stageEnteredAt = now;
    this.lastConfiguredOn = now;
    this.nextScheduledSyncOn = null;
    if (this.pausedAt !== null) this.pausedAt = now;
  }

  /** Freezes the run at its current stage. */
  pause(now: number): void {
    if (this.pausedAt !== null) return;
    this.advance(now);
    this.pausedAt = now;
  }

  /** Resumes a paused run. The time spent paused does not count towards the current stage. */
  resume(now: number): void {
    if (this.pausedAt === null) return;
    this.advance(now);
    this.stageEnteredAt += Math.max(0, now - this.pausedAt);
    this.pausedAt = null;
  }

  /** Returns the status row as the status endpoint shows it at `now`. */
  statusRow(profileName: string, now: number): DiscoveryStatusRow {
    this.advance(now);
    const date = (time: number | null) => (time === null ? null : formatGatewayDate(time));
    return {
      profileName,
      lastConfiguredOn: date(this.lastConfiguredOn),
      status: DISCOVERY_STAGES[this.stageIndex]!,
      nextScheduledSyncOn: date(this.nextScheduledSyncOn),
      discoveryStartedAt: date(this.discoveryStartedAt),
      discoveryFailedOn: null,
      lastDiscoveryCompletedOn: date(this.lastDiscoveryCompletedOn),
    };
  }

  /**
   * Moves through every stage whose step has passed by `now` (or by the pause time while
   * paused) and sets the dates of the stages reached.
   */
  private advance(now: number): void {
    const effectiveNow = this.pausedAt ?? now;
    while (this.stageIndex < COMPLETED && effectiveNow >= this.stageEnteredAt + this.stepMs) {
      this.stageEnteredAt += this.stepMs;
      this.stageIndex += 1;
      if (this.stageIndex === IN_PROGRESS) this.discoveryStartedAt = this.stageEnteredAt;
      if (this.stageIndex === COMPLETED) {
        this.lastDiscoveryCompletedOn = this.stageEnteredAt;
        this.nextScheduledSyncOn = this.stageEnteredAt + ONE_DAY_MS;
      }
    }
  }
}
