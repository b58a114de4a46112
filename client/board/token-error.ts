/**
 * What the token API's refusals mean, in the page's language. The server's messages are English and name fields
 * ("trucks[1]: not a truck of …"); a commander working in Chinese needs the reason itself, so the panel reads the
 * error's code and the field it names, and keeps the server's own words only for the hover title.
 */
import { ErrorCode } from "../../shared/errors.ts";
import { ApiError } from "../common/api.ts";
import { t } from "../common/i18n.ts";

/**
 * The reason a token request failed, in the page's language. `trucks` is what the request sent, so a refused
 * `trucks[i]` names the truck.
 *
 * @example
 * describeTokenError(new ApiError(422, "impossible", "…", [{ path: "trucks[1]", message: "…" }]), ["T1", "T9"]);
 * // "Truck T9 is not a truck of this incident"
 */
export function describeTokenError(error: unknown, trucks: readonly string[] = []): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (error.status === 0) return t("tokenErrNetwork");
  const field = error.details[0]?.path ?? "";
  switch (error.code) {
    case ErrorCode.invalidInput:
      if (field === "name") return t("tokenErrName");
      if (field === "trucks") return trucks.length === 0 ? t("tokenErrNoTrucks") : t("tokenErrTrucks");
      if (field.startsWith("trucks[")) return t("tokenErrTrucks");
      return t("tokenErrInvalid", { field: field || error.message });
    case ErrorCode.impossible: {
      const index = /^trucks\[(\d+)\]$/.exec(field);
      if (index) return t("tokenErrNotOurTruck", { truck: trucks[Number(index[1])] ?? field });
      break;
    }
    case ErrorCode.notFound:
      return field === "id" ? t("tokenErrNoToken") : t("tokenErrNoIncident");
    case ErrorCode.forbidden:
      return t("tokenErrForbidden");
    case ErrorCode.unauthorized:
      return t("tokenErrUnauthorized");
    case ErrorCode.rateLimited:
      return t("tokenErrRateLimited");
    case ErrorCode.unavailable:
      return t("tokenErrUnavailable");
  }
  return t("tokenErrOther", { status: error.status, code: error.code });
}
