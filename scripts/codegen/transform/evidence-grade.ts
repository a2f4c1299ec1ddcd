/**
 * The grade of the evidence each inferred part rests on — the auth type, OAuth URLs, header and
 * prefix, host, base path and template — recorded among the inferences once every rule has run.
 * Strong: the document declares it (a security scheme its operations use, a production server)
 * and nothing casts doubt on it. Anything less is weak, and weak always comes with at least one
 * warning that casts doubt on that part (scripts/lib/warning-codes.ts says which), listed here.
 */
import { type Aspect, isWarningCode, warningCodes } from "../../lib/warning-codes.ts";
import type { Context } from "../context.ts";
import type { AuthPlan } from "./auth-plan.ts";
import { type ProxyPlan, pathOf } from "./servers.ts";

/** The parts this connector has, each named as the report names it. */
function partsOf(auth: AuthPlan, proxy: ProxyPlan): { aspect: Aspect; label: string; pointer: string }[] {
  const kind = auth.kind;
  const parts = [{ aspect: "type" as Aspect, label: `auth type ${kind.type}`, pointer: auth.pointer }];
  if (kind.type === "OAUTH") {
    parts.push({
      aspect: "oauth-urls",
      label: `OAuth URLs ${kind.authorizeUri}, ${kind.tokenUri}`,
      pointer: auth.pointer,
    });
  }
  if (kind.type === "API_KEY" || kind.type === "BEARER") {
    const header = kind.type === "API_KEY" ? (kind.header ?? "Authorization") : "Authorization";
    const prefix =
      kind.type === "API_KEY" && kind.prefix !== undefined ? ` with prefix "${kind.prefix}"` : "";
    parts.push({ aspect: "header", label: `header ${header}${prefix}`, pointer: auth.pointer });
  }
  const host = proxy.origin.replace(/^[^:]+:\/\//, "");
  parts.push({ aspect: "host", label: `host ${host}`, pointer: proxy.pointer });
  parts.push({ aspect: "base-path", label: `base path ${pathOf(proxy.url) || "/"}`, pointer: proxy.pointer });
  if (proxy.url.includes("{{"))
    parts.push({ aspect: "template", label: `template ${proxy.url}`, pointer: proxy.pointer });
  return parts;
}

export function gradeEvidence(auth: AuthPlan, proxy: ProxyPlan, ctx: Context): void {
  for (const { aspect, label, pointer } of partsOf(auth, proxy)) {
    const doubts = [
      ...new Set(
        ctx.warnings
          .filter(
            (w) =>
              isWarningCode(w.code) && (warningCodes[w.code].doubts as readonly Aspect[]).includes(aspect),
          )
          .map((w) => w.code),
      ),
    ];
    ctx.infer(
      doubts.length === 0
        ? `evidence for ${label}: strong (declared by the document; nothing casts doubt on it)`
        : `evidence for ${label}: weak (${doubts.join(", ")})`,
      pointer,
    );
  }
}
