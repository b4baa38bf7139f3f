// Identifiers: Ramp uses UUIDs for objects; trace ids are random hex; tokens and client secrets are opaque.
import { randomBytes, randomUUID } from "node:crypto";

export const newId = (): string => randomUUID();

export const newTraceId = (): string => randomBytes(16).toString("hex");

export const newAccessToken = (): string => `ramp_tok_${randomBytes(24).toString("base64url")}`;

export const newClientSecret = (): string => `ramp_sec_${randomBytes(24).toString("base64url")}`;
