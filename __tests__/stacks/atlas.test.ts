import { Testing } from 'cdktf';
import { AdvancedCluster } from '@cdktf/provider-mongodbatlas/lib/advanced-cluster';
import { DatabaseUser } from '@cdktf/provider-mongodbatlas/lib/database-user';
import { ATLAS_ENDPOINT_PORTS } from '../../modules/database/atlas-endpoint-aws';
import { addEnvironmentStacks, stackList } from '../../stacks/app';
import { GlobalStack } from '../../stacks/global-stack';
import { RegionStack } from '../../stacks/region-stack';
import {
  TEST_ATLAS_PROJECT_ID,
  logicalIdAt,
  referenceTo,
  resourceAt,
  resourceList,
  resources,
  synthStack,
  testConfig,
  validConfig,
} from '../support/synth';

function regionStack(change: (config: any) => void = () => undefined, regionIndex = 0) {
  const config = testConfig();
  change(config);
  const environment = validConfig(config);
  const region = environment.regions[regionIndex];
  const stack = new RegionStack(Testing.app(), `production-${region.region}`, {
    environment,
    region,
    atlasProjectId: TEST_ATLAS_PROJECT_ID,
  });
  return { json: synthStack(stack), synthesized: Testing.synth(stack) };
}

describe('Atlas over PrivateLink', () => {
  const { json, synthesized } = regionStack();

  describe('resource order', () => {
    test('Atlas endpoint comes first, in the matching Atlas region', () => {
      expect(resourceAt(json, 'mongodbatlas_privatelink_endpoint', 'AtlasPrivateLink/Endpoint')).toMatchObject({
        project_id: TEST_ATLAS_PROJECT_ID,
        provider_name: 'AWS',
        region: 'US_EAST_1',
      });
    });

    test('AWS endpoint uses the Atlas endpoint service name', () => {
      const endpoint = resourceAt(json, 'aws_vpc_endpoint', 'AtlasEndpoint/Endpoint');
      expect(endpoint.service_name).toBe(
        referenceTo(json, 'mongodbatlas_privatelink_endpoint', 'AtlasPrivateLink/Endpoint', 'endpoint_service_name'),
      );
      expect(endpoint.vpc_endpoint_type).toBe('Interface');
      expect(endpoint.private_dns_enabled).toBe(false);
      expect(endpoint.subnet_ids).toEqual(['A', 'B', 'C'].map((zone) => referenceTo(json, 'aws_subnet', `PrivateSubnet${zone}`, 'id')));
    });

    test('link references the AWS endpoint and the Atlas endpoint', () => {
      const link = resourceAt(json, 'mongodbatlas_privatelink_endpoint_service', 'AtlasPrivateLink/Link');
      expect(link.endpoint_service_id).toBe(referenceTo(json, 'aws_vpc_endpoint', 'AtlasEndpoint/Endpoint', 'id'));
      expect(link.private_link_id).toBe(
        referenceTo(json, 'mongodbatlas_privatelink_endpoint', 'AtlasPrivateLink/Endpoint', 'private_link_id'),
      );
      expect(link.provider_name).toBe('AWS');
    });

    test('cluster waits for the link', () => {
      const cluster = resourceAt(json, 'mongodbatlas_advanced_cluster', 'AtlasCluster/Cluster');
      const linkId = logicalIdAt(json, 'mongodbatlas_privatelink_endpoint_service', 'AtlasPrivateLink/Link');
      expect(cluster.depends_on).toEqual([`mongodbatlas_privatelink_endpoint_service.${linkId}`]);
    });
  });

  describe('cluster', () => {
    test('keeps backups, point-in-time restore and termination protection', () => {
      expect(synthesized).toHaveResourceWithProperties(AdvancedCluster, {
        name: 'production-use1',
        cluster_type: 'REPLICASET',
        mongo_db_major_version: '8.0',
        backup_enabled: true,
        pit_enabled: true,
        retain_backups_enabled: true,
        termination_protection_enabled: true,
      });
      const cluster = resourceAt(json, 'mongodbatlas_advanced_cluster', 'AtlasCluster/Cluster');
      expect(cluster.lifecycle.prevent_destroy).toBe(true);
    });

    test('fails the apply rather than pass an empty connection string', () => {
      const cluster = resourceAt(json, 'mongodbatlas_advanced_cluster', 'AtlasCluster/Cluster');
      expect(cluster.lifecycle.postcondition).toEqual([
        expect.objectContaining({
          condition: '${length(self.connection_strings) > 0 && length(self.connection_strings[0].private_endpoint) > 0}',
        }),
      ]);
    });

    test('runs three nodes of the configured tier and disk', () => {
      const cluster = resourceAt(json, 'mongodbatlas_advanced_cluster', 'AtlasCluster/Cluster');
      expect(cluster.replication_specs).toEqual([
        {
          region_configs: [
            {
              provider_name: 'AWS',
              region_name: 'US_EAST_1',
              priority: 7,
              electable_specs: { instance_size: 'M30', node_count: 3, disk_size_gb: 100 },
            },
          ],
        },
      ]);
    });

    test('restores to any point in the configured window', () => {
      const schedule = resourceAt(json, 'mongodbatlas_cloud_backup_schedule', 'AtlasCluster/BackupSchedule');
      expect(schedule.restore_window_days).toBe(7);
      expect(schedule.cluster_name).toBe(referenceTo(json, 'mongodbatlas_advanced_cluster', 'AtlasCluster/Cluster', 'name'));
    });

    test('uses the Atlas region of the second AWS region', () => {
      const other = regionStack(() => undefined, 1);
      expect(resourceAt(other.json, 'mongodbatlas_advanced_cluster', 'AtlasCluster/Cluster').replication_specs[0].region_configs[0].region_name).toBe('EU_CENTRAL_1');
    });

    test('has no IP access list anywhere', () => {
      const config = testConfig();
      const app = Testing.app();
      for (const stack of stackList(addEnvironmentStacks(app, validConfig(config)))) {
        const stackJson = synthStack(stack);
        expect(resources(stackJson, 'mongodbatlas_project_ip_access_list')).toEqual({});
        expect(resources(stackJson, 'mongodbatlas_access_list_api_key')).toEqual({});
      }
    });
  });

  describe('endpoint security group', () => {
    test('admits the Atlas ports only from the database clients', () => {
      const group = referenceTo(json, 'aws_security_group', 'AtlasEndpoint/SecurityGroup', 'id');
      const ingress = resourceList(json, 'aws_vpc_security_group_ingress_rule').filter((rule) => rule.security_group_id === group);
      expect(ingress.map((rule) => rule.referenced_security_group_id)).toEqual(
        ['Backend', 'Poller', 'Worker'].map((service) => referenceTo(json, 'aws_security_group', `${service}/SecurityGroup`, 'id')),
      );
      for (const rule of ingress) {
        expect([rule.ip_protocol, rule.from_port, rule.to_port]).toEqual(['tcp', ATLAS_ENDPOINT_PORTS.from, ATLAS_ENDPOINT_PORTS.to]);
        expect(rule.cidr_ipv4).toBeUndefined();
      }
    });

    test('leaves out services without database access', () => {
      const changed = regionStack((c) => delete c.services.poller.database);
      const group = referenceTo(changed.json, 'aws_security_group', 'AtlasEndpoint/SecurityGroup', 'id');
      const sources = resourceList(changed.json, 'aws_vpc_security_group_ingress_rule')
        .filter((rule) => rule.security_group_id === group)
        .map((rule) => rule.referenced_security_group_id);
      expect(sources).not.toContain(referenceTo(changed.json, 'aws_security_group', 'Poller/SecurityGroup', 'id'));
      expect(sources).toHaveLength(2);
      expect(resourceList(changed.json, 'mongodbatlas_database_user')).toHaveLength(2);
    });
  });

  describe('database users', () => {
    test('authenticate with the task role and have no password', () => {
      expect(synthesized).toHaveResourceWithProperties(DatabaseUser, {
        auth_database_name: '$external',
        aws_iam_type: 'ROLE',
        username: referenceTo(json, 'aws_iam_role', 'Backend/TaskRole', 'arn'),
        roles: [{ role_name: 'readWrite', database_name: 'legion' }],
        scopes: [{ name: referenceTo(json, 'mongodbatlas_advanced_cluster', 'AtlasCluster/Cluster', 'name'), type: 'CLUSTER' }],
      });
      for (const user of resourceList(json, 'mongodbatlas_database_user')) {
        expect(user.password).toBeUndefined();
      }
    });

    test('get the least role each service needs', () => {
      const roles = resourceList(json, 'mongodbatlas_database_user').map((user) => [user.description, user.roles[0].role_name]);
      expect(roles).toEqual([
        ['backend task role', 'readWrite'],
        ['poller task role', 'read'],
        ['worker task role', 'readWrite'],
      ]);
    });

    test('services receive the private-endpoint connection string', () => {
      const [container] = JSON.parse(resourceAt(json, 'aws_ecs_task_definition', 'Worker/TaskDefinition').container_definitions);
      const uri = container.environment.find((variable: { name: string }) => variable.name === 'MONGODB_URI');
      expect(uri.value).toMatch(/^\$\{local\.AtlasCluster_PrivateSrvConnectionString_[0-9A-F]+\}\/legion\?authSource=%24external&authMechanism=MONGODB-AWS/);
      expect(json.locals).toBeDefined();
    });
  });
});

describe('Atlas project', () => {
  test('global stack creates the named project, protected from destroy', () => {
    const stack = new GlobalStack(Testing.app(), 'production-global', { environment: validConfig() });
    expect(resourceAt(synthStack(stack), 'mongodbatlas_project', 'AtlasProject')).toMatchObject({
      name: 'legion-production',
      org_id: '5f1a7c0e9d3b2a4c6e8f0a1b',
      lifecycle: { prevent_destroy: true },
    });
  });

  test('an existing project is used by id and not created', () => {
    const config = testConfig();
    delete config.atlas.projectName;
    config.atlas.projectId = 'bbbbbbbbbbbbbbbbbbbbbbbb';
    const stacks = addEnvironmentStacks(Testing.app(), validConfig(config));
    expect(resources(synthStack(stacks.global), 'mongodbatlas_project')).toEqual({});
    const endpoint = resourceList(synthStack(stacks.regions[0]), 'mongodbatlas_privatelink_endpoint')[0];
    expect(endpoint.project_id).toBe('bbbbbbbbbbbbbbbbbbbbbbbb');
  });

  test('region stacks without atlas have no Atlas resources', () => {
    const config = testConfig();
    delete config.atlas;
    for (const region of config.regions) {
      delete region.database;
    }
    for (const service of [config.services.backend, config.services.worker, config.services.poller]) {
      delete service.database;
    }
    const stacks = addEnvironmentStacks(Testing.app(), validConfig(config));
    const regionJson = synthStack(stacks.regions[0]);
    expect(Object.keys(regionJson.resource ?? {}).filter((type) => type.startsWith('mongodbatlas_'))).toEqual([]);
    const serviceNames = resourceList(regionJson, 'aws_vpc_endpoint').map((endpoint) => endpoint.service_name);
    expect(serviceNames.filter((name) => !name.startsWith('com.amazonaws.us-east-1.'))).toEqual([]);
  });
});
