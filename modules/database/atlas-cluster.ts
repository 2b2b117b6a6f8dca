import { Construct } from 'constructs';
import { TerraformLocal } from 'cdktf';
import { AdvancedCluster } from '@cdktf/provider-mongodbatlas/lib/advanced-cluster';
import { CloudBackupSchedule } from '@cdktf/provider-mongodbatlas/lib/cloud-backup-schedule';

/** Properties of an {@link AtlasCluster}. */
export interface AtlasClusterProps {
  readonly projectId: string;
  readonly clusterName: string;

  /** Atlas region name, for example `US_EAST_1`. */
  readonly atlasRegion: string;

  /** Dedicated tier, for example `M30`. */
  readonly tier: string;
  readonly mongoDbMajorVersion: string;
  readonly diskSizeGb: number;

  /** Days back that point-in-time restore reaches. */
  readonly restoreWindowDays: number;
}

/**
 * A three-node replica set in one Atlas AWS region, built to keep its data:
 * cloud backup with continuous (point-in-time) restore, backups kept after a
 * deletion, termination protection in Atlas, and prevent_destroy in Terraform.
 * It has no IP access list: clients reach it only through PrivateLink.
 */
export class AtlasCluster extends Construct {
  readonly cluster: AdvancedCluster;
  readonly backupSchedule: CloudBackupSchedule;
  private readonly connectionString: TerraformLocal;

  constructor(scope: Construct, id: string, props: AtlasClusterProps) {
    super(scope, id);

    this.cluster = new AdvancedCluster(this, 'Cluster', {
      projectId: props.projectId,
      name: props.clusterName,
      clusterType: 'REPLICASET',
      mongoDbMajorVersion: props.mongoDbMajorVersion,
      backupEnabled: true,
      pitEnabled: true,
      retainBackupsEnabled: true,
      terminationProtectionEnabled: true,
      replicationSpecs: [
        {
          regionConfigs: [
            {
              providerName: 'AWS',
              regionName: props.atlasRegion,
              priority: 7,
              electableSpecs: { instanceSize: props.tier, nodeCount: 3, diskSizeGb: props.diskSizeGb },
            },
          ],
        },
      ],
      lifecycle: {
        preventDestroy: true,
        // Fail the apply instead of handing the services a connection string without a host.
        postcondition: [
          {
            // In Terraform JSON a condition is a string template, so the expression goes inside ${...}.
            condition: '${length(self.connection_strings) > 0 && length(self.connection_strings[0].private_endpoint) > 0}',
            errorMessage:
              'Atlas reports no private-endpoint connection string for this cluster yet. Check that the PrivateLink ' +
              'link is AVAILABLE in Atlas, then run the deploy again.',
          },
        ],
      },
    });

    this.backupSchedule = new CloudBackupSchedule(this, 'BackupSchedule', {
      projectId: props.projectId,
      clusterName: this.cluster.name,
      restoreWindowDays: props.restoreWindowDays,
    });

    // A local keeps the expression out of JSON strings that embed it, such as container definitions.
    const endpoints = this.cluster.connectionStrings.get(0).privateEndpoint;
    this.connectionString = new TerraformLocal(this, 'PrivateSrvConnectionString', endpoints.get(0).srvConnectionString);
  }

  /** SRV connection string through the private endpoint; it carries no credentials. */
  get privateSrvConnectionString(): string {
    return this.connectionString.asString;
  }
}
