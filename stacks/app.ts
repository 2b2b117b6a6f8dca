import { App, TerraformStack } from 'cdktf';
import { EnvironmentConfig } from '../config/types';
import { BootstrapStack } from './bootstrap-stack';
import { GlobalStack } from './global-stack';
import { RegionStack } from './region-stack';

/** The stacks of one environment, by role. */
export interface EnvironmentStacks {
  readonly bootstrap: BootstrapStack;
  readonly global: GlobalStack;
  readonly regions: readonly RegionStack[];
}

/**
 * Adds every stack of an already validated environment to the app:
 * `<env>-bootstrap`, `<env>-global` and one `<env>-<region>` per region.
 * Stack names are also the state keys, so renaming one moves its state.
 */
export function addEnvironmentStacks(app: App, environment: EnvironmentConfig): EnvironmentStacks {
  const prefix = environment.name;
  const bootstrap = new BootstrapStack(app, `${prefix}-bootstrap`, { environment });
  const global = new GlobalStack(app, `${prefix}-global`, { environment });

  // A project created in the global stack reaches the region stacks through its state output.
  const atlasProjectId = global.atlasProject?.id ?? environment.atlas?.projectId;
  const regions = environment.regions.map(
    (region) => new RegionStack(app, `${prefix}-${region.region}`, { environment, region, atlasProjectId }),
  );
  return { bootstrap, global, regions };
}

/** Returns all stacks of the environment as a flat list, in deploy order. */
export function stackList(stacks: EnvironmentStacks): TerraformStack[] {
  return [stacks.bootstrap, stacks.global, ...stacks.regions];
}
