// One Ramp connection per provider process: every dynamic resource of a program is served by the same process,
// so they share one client (one token, one rate limiter) and list-once caches of users, departments and locations.
// Refreshing N users then costs about N/100 list calls instead of N single GETs.
import { isNotFound, RampClient, type RampDepartmentRecord, type RampLocationRecord, type RampUserRecord } from "../client/index.js";
import { DeactivationBudget } from "./deactivation-budget.js";
import { deactivationLimits, resolveSettings, type DeactivationLimits } from "./settings.js";
import { emailKey } from "../ramp-facts.js";

/**
 * A listing fetched once and kept current by our own writes, with an optional second key (users by email), so that
 * finding one of N items is a map look-up: N creates each looking a person up by email would otherwise scan the
 * listing N times.
 */
class ListCache<T extends { id: string }> {
  private listing?: Promise<Map<string, T>>;
  /** By `keyOf`, for the listing loaded; the first item of the listing wins if two share a key, as a scan would. */
  private byKey = new Map<string, T>();

  constructor(
    private readonly fetchAll: () => Promise<T[]>,
    private readonly keyOf?: (item: T) => string,
  ) {}

  async all(): Promise<Map<string, T>> {
    if (!this.listing) {
      this.listing = this.fetchAll().then((items) => {
        this.byKey = new Map();
        for (const item of items) this.index(item);
        return new Map(items.map((item) => [item.id, item]));
      });
      // A failed listing is not cached: the next caller tries again.
      this.listing.catch(() => (this.listing = undefined));
    }
    return this.listing;
  }

  async find(predicate: (item: T) => boolean): Promise<T | undefined> {
    for (const item of (await this.all()).values()) if (predicate(item)) return item;
    return undefined;
  }

  /** The item with this key (see the constructor's `keyOf`). */
  async findByKey(key: string): Promise<T | undefined> {
    await this.all();
    return this.byKey.get(key);
  }

  /** Records what our own write did, if the listing is loaded (otherwise the next listing will show it). */
  async remember(item: T): Promise<void> {
    if (!this.listing) return;
    const items = await this.listing.catch(() => new Map<string, T>());
    this.unindex(items.get(item.id));
    items.set(item.id, item);
    this.index(item);
  }

  async forget(id: string): Promise<void> {
    if (!this.listing) return;
    const items = await this.listing.catch(() => new Map<string, T>());
    this.unindex(items.get(id));
    items.delete(id);
  }

  private index(item: T): void {
    if (!this.keyOf) return;
    const key = this.keyOf(item);
    if (!this.byKey.has(key)) this.byKey.set(key, item);
  }

  private unindex(item: T | undefined): void {
    if (item && this.keyOf && this.byKey.get(this.keyOf(item))?.id === item.id) this.byKey.delete(this.keyOf(item));
  }
}

/** A Ramp client from the run's environment (see settings.ts); throws when credentials are missing. */
export function createRampClient(env: NodeJS.ProcessEnv = process.env): RampClient {
  const settings = resolveSettings(env);
  return new RampClient({
    baseUrl: settings.baseUrl,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    ...(settings.rateLimit ? { rateLimit: settings.rateLimit } : {}),
    userAgent: "pulumi-ramp-roster",
  });
}

export class RampContext {
  private client?: RampClient;
  // Every user a roster entry may need: the default listing leaves suspended users out, and a suspended roster user
  // must be found (and reported), never invited again.
  readonly users = new ListCache<RampUserRecord>(
    () => this.getClient().listAllUsers(),
    (user) => emailKey(user.email),
  );
  readonly departments = new ListCache<RampDepartmentRecord>(() => this.getClient().listDepartments());
  readonly locations = new ListCache<RampLocationRecord>(() => this.getClient().listLocations());

  /**
   * Ramp users that a resource created or adopted in this process, by id. The engine creates before it deletes, so
   * when a person's email changed in Ramp and then in the roster, the new resource adopts the same Ramp user and
   * the old resource's delete must not deactivate them.
   */
  readonly claimedUserIds = new Set<string>();

  /**
   * Whether the program registered a user in this process (the engine checks every registered resource). Without a
   * program, as in `pulumi destroy`, the deactivation backstop wants every deactivation confirmed by name.
   */
  programRegisteredUsers = false;

  /**
   * The emails (lower-cased) of the users the program registered in this process. A delete of a record under one of
   * them (the old half of a replacement, perhaps left pending by a run that stopped) deactivates no one: the roster
   * keeps that person.
   */
  readonly registeredEmails = new Set<string>();

  private guardConfig: (key: string) => string | undefined = () => undefined;

  /** Every deactivation of this process (this run) passes through here: the backstop of the deactivation guard. */
  readonly deactivations = new DeactivationBudget(() => this.deactivationLimits());

  /** @param env where the Ramp settings are read, at first use (see settings.ts): the provider process's own. */
  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /**
   * The deactivation guard's settings (ramp:maxDeactivations, ramp:confirmDeactivations) from the provider's
   * configuration. Stores them only: `configure` can race with the first calls.
   */
  configureGuard(guardConfig: (key: string) => string | undefined): void {
    this.guardConfig = guardConfig;
  }

  deactivationLimits(): DeactivationLimits {
    return deactivationLimits(this.guardConfig, this.programRegisteredUsers, this.env);
  }

  /** The client, created at first use from the environment. */
  getClient(): RampClient {
    this.client ??= createRampClient(this.env);
    return this.client;
  }

  /** A live user by id: from the listing when it has them, else one GET (a user created since the listing). */
  async cachedUserById(id: string): Promise<RampUserRecord | undefined> {
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

  async cachedUserByEmail(email: string): Promise<RampUserRecord | undefined> {
    return this.users.findByKey(emailKey(email));
  }

  async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
  }
}
