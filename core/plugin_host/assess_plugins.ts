/**
 * Completes a discovery: the trust of every sandboxed plugin (its files' hash against its grant) and a
 * warning for each project plugin that takes over a built-in's step_type.
 */
import type { DiscoveredPlugin } from "./discover_plugins.ts";
import type { PluginGrant } from "./grant_store.ts";
import { hashPlugin } from "./plugin_hash.ts";

/**
 * Sets `hash`, `trust`, `trusted` and `grantedPermissions` (a plugin that cannot be hashed gets a `problem`);
 * pushes step_type takeovers to `warnings`. Links into `projectDir` are hashed by what they reach.
 */
export async function assessPlugins(
  plugins: DiscoveredPlugin[],
  grants: PluginGrant[],
  warnings: string[],
  projectDir: string,
): Promise<void> {
  for (const plugin of plugins) {
    if (plugin.tier !== "sandbox" || !plugin.manifest) continue;
    try {
      plugin.hash = await hashPlugin(plugin.dir, plugin.manifest, projectDir);
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).split("\n")[0];
      plugin.problem = `Cannot load plugin "${plugin.name}": ${reason}`;
      continue;
    }
    const grant = grants.find((g) => g.name === plugin.name);
    plugin.trust = !grant ? "untrusted" : grant.hash === plugin.hash ? "granted" : "changed";
    plugin.trusted = plugin.trust === "granted";
    if (grant) plugin.grantedPermissions = grant.permissions;
  }
  for (const plugin of plugins) {
    const type = plugin.manifest?.step_type;
    const other = plugins.find((p) => p !== plugin && type && p.manifest?.step_type === type);
    // Only a trusted project plugin takes a built-in's step_type over (an untrusted one is never used).
    if (other && plugin.origin === "project" && other.origin === "builtin" && plugin.trusted) {
      warnings.push(
        `Plugin "${plugin.name}" provides step_type "${type}" instead of the built-in "${other.name}"`,
      );
    }
  }
}
