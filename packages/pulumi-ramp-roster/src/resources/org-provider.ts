// RampDepartment and RampLocation: named things users point at. Create adopts an existing one with the same name,
// a rename is a PATCH, and since Ramp has no DELETE for either, delete only drops them from the stack's state.
import type { RampContext } from "./context.js";
import type { TypedResourceProvider, WithSerializedProvider } from "./typed-provider.js";

/** What the program asks for: the name, and for a location the entity it belongs to. */
export type OrgUnitInputs = {
  name: string;
  entityId?: string;
};

export type OrgUnitOutputs = {
  name: string;
  entityId?: string | null;
};

/** What differs between departments and locations; everything else is shared. */
export interface OrgUnitKind<T extends { id: string; name: string }> {
  label: "department" | "location";
  cache: (ctx: RampContext) => { find(p: (item: T) => boolean): Promise<T | undefined>; remember(item: T): Promise<void> };
  create: (ctx: RampContext, inputs: OrgUnitInputs) => Promise<T>;
  rename: (ctx: RampContext, id: string, name: string) => Promise<void>;
  outputs: (item: T) => OrgUnitOutputs;
}

export function createOrgUnitProvider<T extends { id: string; name: string }>(
  ctx: RampContext,
  kind: OrgUnitKind<T>,
  warn: (message: string) => void,
) {
  const sameName = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

  return {
    async check(_olds: Partial<OrgUnitInputs>, news: OrgUnitInputs) {
      const name = news.name;
      if (typeof name !== "string" || name.trim() === "") {
        return { inputs: news, failures: [{ property: "name", reason: `a ${kind.label} needs a name` }] };
      }
      return { inputs: { ...news, name: name.trim() } };
    },

    async diff(_id: string, olds: OrgUnitOutputs, news: OrgUnitInputs) {
      // A case-only rename is still a rename: Ramp shows the name as written.
      const changes = olds.name !== news.name;
      return { changes, replaces: [] as string[] };
    },

    async create(news: OrgUnitInputs) {
      const name = String(news.name);
      const existing = await kind.cache(ctx).find((item) => sameName(item.name, name));
      if (existing) {
        if (existing.name !== name) await kind.rename(ctx, existing.id, name);
        const adopted = { ...existing, name };
        await kind.cache(ctx).remember(adopted);
        return { id: existing.id, outs: kind.outputs(adopted) };
      }
      const created = await kind.create(ctx, news);
      await kind.cache(ctx).remember(created);
      return { id: created.id, outs: kind.outputs(created) };
    },

    async read(id: string) {
      const found = await kind.cache(ctx).find((item) => item.id === id);
      if (!found) return {}; // not in Ramp any more
      const outs = kind.outputs(found);
      return { id, props: outs, inputs: { name: outs.name } };
    },

    async update(id: string, olds: WithSerializedProvider<OrgUnitOutputs>, news: OrgUnitInputs) {
      const name = String(news.name);
      await kind.rename(ctx, id, name);
      const known = await kind.cache(ctx).find((item) => item.id === id);
      if (known) await kind.cache(ctx).remember({ ...known, name });
      const { __provider: _provider, ...recorded } = olds;
      return { outs: { ...recorded, name } };
    },

    async delete(id: string, props: OrgUnitOutputs) {
      warn(
        `Ramp has no API to delete a ${kind.label}: '${String(props.name)}' (${id}) stays in Ramp and is only ` +
          `removed from this stack. Delete or archive it in Ramp's admin UI if it should go.`,
      );
    },
  } satisfies TypedResourceProvider<OrgUnitInputs, OrgUnitOutputs>;
}
