import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';

/**
 * A panel's id from its type and title (FNV-1a, 31 bits): links to a panel (`viewPanel=<id>`,
 * alert annotations, bookmarks) keep working when panels are added, moved or removed around it.
 * Grafana would otherwise number panels by position at load time.
 */
export function stablePanelId(type: string, title: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${type}/${title}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}

/** Gives every panel and row of `built` its stable id; throws on two panels with one id. */
export function withStablePanelIds(built: dashboard.Dashboard): dashboard.Dashboard {
  const seen = new Map<number, string>();
  for (const panel of built.panels ?? []) {
    const id = stablePanelId(panel.type, panel.title ?? '');
    const other = seen.get(id);
    if (other !== undefined) {
      throw new Error(
        `Panels ${JSON.stringify(other)} and ${JSON.stringify(panel.title)} share id ${id}: rename one.`,
      );
    }
    seen.set(id, panel.title ?? '');
    panel.id = id;
  }
  return built;
}
