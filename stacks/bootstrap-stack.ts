import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { EnvironmentConfig } from '../config/types';
import { StateBucket } from '../modules/state/state-bucket';
import { awsProvider } from './providers';
import { useS3Backend } from './state-backend';

/** Properties of a {@link BootstrapStack}. */
export interface BootstrapStackProps {
  readonly environment: EnvironmentConfig;
}

/**
 * Creates the bucket that contains every other stack's state.
 *
 * The bucket cannot hold its own state before it exists, so this stack starts
 * on a local state file in the project root and moves into the bucket when
 * `state.bootstrapBackend` is set to `s3` (see the README's bootstrap steps).
 */
export class BootstrapStack extends TerraformStack {
  readonly stateBucket: StateBucket;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);

    const { environment } = props;
    awsProvider(this, environment.name, environment.state.region);

    if ((environment.state.bootstrapBackend ?? 'local') === 's3') {
      useS3Backend(this, environment.state);
    } else {
      // Relative to cdktf.out/stacks/<stack>, where Terraform runs: the project root.
      new LocalBackend(this, { path: `../../../terraform.${id}.tfstate` });
    }

    this.stateBucket = new StateBucket(this, 'StateBucket', {
      bucketName: environment.state.bucket,
    });

    new TerraformOutput(this, 'state_bucket', {
      description: 'S3 bucket with the Terraform state of every stack of the environment',
      value: this.stateBucket.bucket.bucket,
    });
  }
}
