// /departments and /locations: list (paginated like users), create, get, rename. Neither has DELETE.
import { z } from "zod";
import type { SimulatorCore } from "./core.js";
import { badRequest, notFound } from "./errors.js";
import { json, type RequestContext } from "./http-util.js";
import { newId } from "./ids.js";
import { paginate } from "./pagination.js";
import type { Route } from "./router.js";
import type { WireDepartment, WireLocation } from "./types.js";
import { parseBody } from "./validation.js";

const nameSchema = z.object({ name: z.string().trim().min(1).max(255) });
/** `ApiDepartmentCreateRequestBody` has `additionalProperties: false`. */
const departmentSchema = z.strictObject(nameSchema.shape);
const locationSchema = nameSchema.extend({ entity_id: z.string().min(1).optional() });

const duplicateName = (kind: string, name: string) =>
  badRequest(`A ${kind} named ${JSON.stringify(name)} already exists.`, { name: ["Already exists."] });

function departmentOr404(core: SimulatorCore, ctx: RequestContext): WireDepartment {
  const department = core.state.departments.get(ctx.params.id ?? "");
  if (!department) throw notFound(`Department ${ctx.params.id ?? ""} not found`);
  return department;
}

function locationOr404(core: SimulatorCore, ctx: RequestContext): WireLocation {
  const location = core.state.locations.get(ctx.params.id ?? "");
  if (!location) throw notFound(`Location ${ctx.params.id ?? ""} not found`);
  return location;
}

export function createDepartment(core: SimulatorCore, name: string): WireDepartment {
  if (core.state.departmentByName(name)) throw duplicateName("department", name);
  return core.state.departments.add({ id: newId(), name });
}

export function createLocation(core: SimulatorCore, name: string, entityId?: string | null): WireLocation {
  if (entityId && entityId !== core.state.entityId) {
    throw badRequest(`Entity ${entityId} does not exist.`, { entity_id: ["Unknown entity."] });
  }
  if (core.state.locationByName(name)) throw duplicateName("location", name);
  return core.state.locations.add({ id: newId(), name, entity_id: entityId ?? core.state.entityId });
}

async function renameDepartment(core: SimulatorCore, ctx: RequestContext) {
  const department = departmentOr404(core, ctx);
  const { name } = parseBody(nameSchema, await ctx.json());
  const clash = core.state.departmentByName(name);
  if (clash && clash.id !== department.id) throw duplicateName("department", name);
  department.name = name;
  return json(200, { ...department });
}

async function renameLocation(core: SimulatorCore, ctx: RequestContext) {
  const location = locationOr404(core, ctx);
  const { name } = parseBody(nameSchema, await ctx.json());
  const clash = core.state.locationByName(name);
  if (clash && clash.id !== location.id) throw duplicateName("location", name);
  location.name = name;
  return json(200, { ...location });
}

export function orgRoutes(core: SimulatorCore): Route[] {
  const { departments, locations } = core.state;
  return [
    {
      method: "GET",
      pattern: "/departments",
      scope: "departments:read",
      handler: (ctx) => {
        const page = paginate(departments, departments.values(), ctx.url);
        return json(200, { data: page.data.map((d) => ({ ...d })), page: page.page });
      },
    },
    {
      method: "POST",
      pattern: "/departments",
      scope: "departments:write",
      handler: async (ctx) => {
        const { name } = parseBody(departmentSchema, await ctx.json());
        return json(201, { ...createDepartment(core, name) });
      },
    },
    {
      method: "GET",
      pattern: "/departments/{id}",
      scope: "departments:read",
      handler: (ctx) => json(200, { ...departmentOr404(core, ctx) }),
    },
    {
      method: "PATCH",
      pattern: "/departments/{id}",
      scope: "departments:write",
      handler: (ctx) => renameDepartment(core, ctx),
    },
    {
      method: "GET",
      pattern: "/locations",
      scope: "locations:read",
      handler: (ctx) => {
        const page = paginate(locations, locations.values(), ctx.url);
        return json(200, { data: page.data.map((l) => ({ ...l })), page: page.page });
      },
    },
    {
      method: "POST",
      pattern: "/locations",
      scope: "locations:write",
      handler: async (ctx) => {
        const { name, entity_id } = parseBody(locationSchema, await ctx.json());
        return json(201, { ...createLocation(core, name, entity_id) });
      },
    },
    {
      method: "GET",
      pattern: "/locations/{id}",
      scope: "locations:read",
      handler: (ctx) => json(200, { ...locationOr404(core, ctx) }),
    },
    {
      method: "PATCH",
      pattern: "/locations/{id}",
      scope: "locations:write",
      handler: (ctx) => renameLocation(core, ctx),
    },
  ];
}
