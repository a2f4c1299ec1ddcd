/**
 * The grade of the evidence each part of the connector rests on, recorded among the inferences
 * once every rule has run. Strong: the document declares it (a security scheme its operations use,
 * a production server) and nothing casts doubt on it. Anything less is weak, and weak always comes
 * with at least one warning about that part, which the grade lists.
 */
import type { Context } from "../context.ts";
import type { AuthPlan } from "./auth-plan.ts";
import type { ProxyPlan } from "./servers.ts";

export function gradeEvidence(auth: AuthPlan, proxy: ProxyPlan, ctx: Context): void {
  const parts = [
    { part: "auth", label: `auth ${auth.label}`, pointer: auth.pointer },
    { part: "proxy", label: `proxy_url ${proxy.url}`, pointer: proxy.pointer },
  ];
  for (const { part, label, pointer } of parts) {
    const doubts = [...new Set(ctx.warnings.filter((w) => w.code.startsWith(`${part}-`)).map((w) => w.code))];
    ctx.infer(
      doubts.length === 0
        ? `evidence for ${label}: strong (declared by the document; nothing casts doubt on it)`
        : `evidence for ${label}: weak (${doubts.join(", ")})`,
      pointer,
    );
  }
}
