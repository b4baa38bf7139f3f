// One Ramp connection per provider process: every dynamic resource of a program is served by the same process,
// so they share one client (one token, one rate limiter) and list-once caches of users, departments and locations.
// Refreshing N users then costs about N/100 list calls instead of N single GETs.
import { isNotFound, RampClient, type RampDepartment, type RampLocation, type RampUser } from "../client/index.js";
import { resolveSettings } from "./settings.js";

/** A listing fetched once and kept current by our own writes. */
class ListCache<T extends { id: string }> {
  private listing?: Promise<Map<string, T>>;

  constructor(private readonly fetchAll: () => Promise<T[]>) {}

  async all(): Promise<Map<string, T>> {
    if (!this.listing) {
      this.listing = this.fetchAll().then((items) => new Map(items.map((item) => [item.id, item])));
      // A failed listing is not cached: the next caller tries again.
      this.listing.catch(() => (this.listing = undefined));
    }
    return this.listing;
  }

  async find(predicate: (item: T) => boolean): Promise<T | undefined> {
    for (const item of (await this.all()).values()) if (predicate(item)) return item;
    return undefined;
  }

  /** Records what our own write did, if the listing is loaded (otherwise the next listing will show it). */
  async remember(item: T): Promise<void> {
    if (this.listing) (await this.listing.catch(() => new Map<string, T>())).set(item.id, item);
  }

  async forget(id: string): Promise<void> {
    if (this.listing) (await this.listing.catch(() => new Map<string, T>())).delete(id);
  }
}

export class RampContext {
  private client?: RampClient;
  readonly users = new ListCache<RampUser>(() => this.getClient().listUsers());
  readonly departments = new ListCache<RampDepartment>(() => this.getClient().listDepartments());
  readonly locations = new ListCache<RampLocation>(() => this.getClient().listLocations());

  /**
   * Ramp users that a resource created or adopted in this process, by id. The engine creates before it deletes, so
   * when a person's email changed in Ramp and then in the roster, the new resource adopts the same Ramp user and
   * the old resource's delete must not deactivate them.
   */
  readonly claimedUserIds = new Set<string>();

  /** @param env where the Ramp settings are read, at first use (see settings.ts): the provider process's own. */
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** The client, created at first use from the environment. */
  getClient(): RampClient {
    if (!this.client) {
      const settings = resolveSettings(this.env);
      this.client = new RampClient({
        baseUrl: settings.baseUrl,
        clientId: settings.clientId,
        clientSecret: settings.clientSecret,
        ...(settings.rateLimit ? { rateLimit: settings.rateLimit } : {}),
        userAgent: "pulumi-ramp-roster",
      });
    }
    return this.client;
  }

  /** A live user by id: from the listing when it has them, else one GET (a user created since the listing). */
  async findUserById(id: string): Promise<RampUser | undefined> {
    const cached = (await this.users.all()).get(id);
    if (cached) return cached;
    try {
      const user = await this.getClient().getUser(id);
      await this.users.remember(user);
      return user;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async findUserByEmail(email: string): Promise<RampUser | undefined> {
    const key = email.trim().toLowerCase();
    return this.users.find((user) => user.email.toLowerCase() === key);
  }

  async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
  }
}
