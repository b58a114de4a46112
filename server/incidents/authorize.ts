/**
 * Who may do what (issue #4): commander everything; crew reads and reports steps of the trucks in its scope;
 * viewer reads. A token limited to one incident sees only that incident.
 */
import { ErrorCode, LianxinError } from "../../shared/errors.ts";
import type { EventInput } from "../../shared/events.ts";
import type { Role } from "../../shared/wire.ts";
import type { Actor, TokenRecord } from "../store/store.ts";

/** The authenticated caller of a service: the token record the bearer secret resolved to. */
export type Caller = TokenRecord;

export function requireRole(caller: Caller, roles: readonly Role[], action: string): void {
  if (!roles.includes(caller.role)) {
    throw new LianxinError(ErrorCode.forbidden, `a ${caller.role} token cannot ${action}`, [{ path: "role", message: `must be ${roles.join(" or ")}` }]);
  }
}

export function requireIncident(caller: Caller, incident: string): void {
  if (caller.incident !== null && caller.incident !== incident) {
    throw new LianxinError(ErrorCode.forbidden, `this token is limited to incident ${caller.incident}`, [{ path: "incident", message: "outside the token's scope" }]);
  }
}

/**
 * A crew reports only truck steps, only for its own trucks, and only on its own incident: truck ids repeat across
 * incidents, so a crew token bound to no incident (made before #13 required one) reports for none.
 */
export function requireEventScope(caller: Caller, input: EventInput, incident: string): void {
  if (caller.role === "commander") return;
  requireRole(caller, ["commander", "crew"], "report events");
  if (caller.incident !== incident) {
    const scope = caller.incident === null ? "bound to no incident" : `limited to incident ${caller.incident}`;
    throw new LianxinError(ErrorCode.forbidden, `this crew token is ${scope}; it reports only for its own incident's trucks`, [{ path: "incident", message: "outside the token's scope" }]);
  }
  if (input.truck === undefined) {
    throw new LianxinError(ErrorCode.forbidden, `a crew token reports only its trucks' steps, not ${input.type}`, [{ path: "type", message: "only commanders report this" }]);
  }
  if (!caller.trucks.includes(input.truck)) {
    throw new LianxinError(ErrorCode.forbidden, `this crew token does not cover truck ${input.truck}`, [{ path: "truck", message: `not one of ${caller.trucks.join(", ") || "(none)"}` }]);
  }
}

export function actorOf(caller: Caller): Actor {
  return { id: caller.id, name: caller.name, role: caller.role };
}
