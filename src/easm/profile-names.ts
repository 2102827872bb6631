/**
 * Profile names for completion and resource listing, read from the gateway and kept for a
 * short time so typing a name does not send one request per keystroke.
 */

/** How long a fetched list of names is reused. */
export const PROFILE_NAME_CACHE_MS = 30_000;

/** Pages of 20 profiles read at most, so a runaway hasNextPage cannot loop. */
export const MAX_PROFILE_PAGES = 50;

export class ProfileNameCache {
  private cached?: { names: string[]; at: number };
  private pending?: Promise<string[]>;

  constructor(
    private readonly fetchNames: () => Promise<string[]>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Returns every profile name, from the cache when it is fresh. */
  async names(): Promise<string[]> {
    if (this.cached && this.now() - this.cached.at < PROFILE_NAME_CACHE_MS) return this.cached.names;
    this.pending ??= this.fetchNames()
      .then((names) => {
        this.cached = { names, at: this.now() };
        return names;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }

  /** Returns the names that start with (or else contain) the typed text, ignoring case. */
  async complete(typed: string): Promise<string[]> {
    const names = await this.names().catch(() => []);
    const needle = typed.toLowerCase();
    const prefix = names.filter((name) => name.toLowerCase().startsWith(needle));
    const contains = names.filter((name) => !name.toLowerCase().startsWith(needle) && name.toLowerCase().includes(needle));
    return [...prefix, ...contains].slice(0, 100);
  }
}
