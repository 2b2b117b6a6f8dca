import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { Instance } from '@cdktf/provider-aws/lib/instance';
import { CustomerConfig } from '../../config/types';
import { renderSquidConfig, renderUserData, renderVpnConfigScript, renderWatchdogScript, ProxyBootSettings } from '../../modules/proxy/user-data';
import { RegionStack } from '../../stacks/region-stack';
import {
  TEST_ATLAS_PROJECT_ID,
  referenceTo,
  resourceAt,
  resourceList,
  resources,
  synthStack,
  testConfig,
  validConfig,
} from '../support/synth';

function regionStack(regionIndex: number, change: (config: any) => void = () => undefined) {
  const config = testConfig();
  change(config);
  const environment = validConfig(config);
  const region = environment.regions[regionIndex];
  const stack = new RegionStack(Testing.app(), `production-${region.region}`, {
    environment,
    region,
    atlasProjectId: TEST_ATLAS_PROJECT_ID,
  });
  return { json: synthStack(stack), synthesized: Testing.synth(stack), environment };
}

function policyStatements(json: any, pathSuffix: string): any[] {
  return JSON.parse(resourceAt(json, 'aws_iam_role_policy', pathSuffix).policy).Statement;
}

describe('CustomerProxy', () => {
  const wireGuard = regionStack(0);
  const ipsec = regionStack(1);

  describe('instance', () => {
    test('requires IMDSv2, encrypts its volume and has no SSH key', () => {
      expect(wireGuard.synthesized).toHaveResourceWithProperties(Instance, {
        instance_type: 't3.small',
        metadata_options: { http_tokens: 'required', http_endpoint: 'enabled', http_put_response_hop_limit: 1 },
        root_block_device: { encrypted: true, volume_type: 'gp3', volume_size: 20, delete_on_termination: true },
        associate_public_ip_address: false,
      });
      const instance = resourceAt(wireGuard.json, 'aws_instance', 'Proxy-acme/Instance');
      expect(instance.key_name).toBeUndefined();
      expect(instance.iam_instance_profile).toBe(
        referenceTo(wireGuard.json, 'aws_iam_instance_profile', 'Proxy-acme/InstanceProfile', 'name'),
      );
    });

    test('runs the current Amazon Linux image and ignores later ones', () => {
      const instance = resourceAt(wireGuard.json, 'aws_instance', 'Proxy-acme/Instance');
      expect(instance.ami).toBe('${data.aws_ssm_parameter.ProxyImage.value}');
      expect(wireGuard.json.data?.aws_ssm_parameter.ProxyImage.name).toBe(
        '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
      );
      expect(instance.lifecycle).toEqual({ ignore_changes: ['ami'] });
      expect(instance.user_data_replace_on_change).toBe(true);
    });

    test('sits in a private subnet without an address of its own', () => {
      const instance = resourceAt(wireGuard.json, 'aws_instance', 'Proxy-acme/Instance');
      const privateSubnets = ['A', 'B', 'C'].map((zone) => referenceTo(wireGuard.json, 'aws_subnet', `PrivateSubnet${zone}`, 'id'));
      expect(privateSubnets).toContain(instance.subnet_id);
      expect(resources(wireGuard.json, 'aws_eip_association')).toEqual({});
    });

    test('fixed address gets public subnet and Elastic IP', () => {
      const instance = resourceAt(ipsec.json, 'aws_instance', 'Proxy-globex/Instance');
      const publicSubnets = ['A', 'B', 'C'].map((zone) => referenceTo(ipsec.json, 'aws_subnet', `PublicSubnet${zone}`, 'id'));
      expect(publicSubnets).toContain(instance.subnet_id);
      expect(resourceAt(ipsec.json, 'aws_eip_association', 'Proxy-globex/AddressAssociation')).toEqual({
        allocation_id: referenceTo(ipsec.json, 'aws_eip', 'Proxy-globex/Address', 'allocation_id'),
        instance_id: referenceTo(ipsec.json, 'aws_instance', 'Proxy-globex/Instance', 'id'),
      });
    });

    test('recovers on system failure and reboots on instance failure', () => {
      const recover = resourceAt(wireGuard.json, 'aws_cloudwatch_metric_alarm', 'Proxy-acme/RecoverAlarm');
      expect(recover).toMatchObject({
        metric_name: 'StatusCheckFailed_System',
        namespace: 'AWS/EC2',
        alarm_actions: ['arn:aws:automate:us-east-1:ec2:recover'],
        dimensions: { InstanceId: referenceTo(wireGuard.json, 'aws_instance', 'Proxy-acme/Instance', 'id') },
      });
      const reboot = resourceAt(wireGuard.json, 'aws_cloudwatch_metric_alarm', 'Proxy-acme/RebootAlarm');
      expect(reboot).toMatchObject({ metric_name: 'StatusCheckFailed_Instance', alarm_actions: ['arn:aws:automate:us-east-1:ec2:reboot'] });
      expect(resourceAt(wireGuard.json, 'aws_instance', 'Proxy-acme/Instance').maintenance_options).toEqual({ auto_recovery: 'default' });
    });

    test('user data references the secret but holds no secret value', () => {
      const userData: string = resourceAt(wireGuard.json, 'aws_instance', 'Proxy-acme/Instance').user_data;
      expect(userData).toContain(referenceTo(wireGuard.json, 'aws_secretsmanager_secret', 'Proxy-acme/VpnSecret', 'arn'));
      expect(userData).not.toMatch(/PrivateKey = [A-Za-z0-9+/]{43}=/);
      expect(userData).toContain('PrivateKey = $${private_key}');
    });
  });

  describe('role', () => {
    test('reads only its customer secret, registers with SSM and writes its logs', () => {
      const json = wireGuard.json;
      const logGroup = referenceTo(json, 'aws_cloudwatch_log_group', 'Proxy-acme/LogGroup', 'arn');
      const statements = policyStatements(json, 'Proxy-acme/RolePolicy');
      expect(statements.map((statement) => [statement.Sid, statement.Resource])).toEqual([
        ['ReadVpnSecret', referenceTo(json, 'aws_secretsmanager_secret', 'Proxy-acme/VpnSecret', 'arn')],
        ['DecryptVpnSecret', referenceTo(json, 'aws_kms_key', 'Secrets/Key', 'arn')],
        ['WriteLogs', [logGroup, `${logGroup}:log-stream:*`]],
        ['SessionManager', '*'],
      ]);
      expect(statements[0].Action).toBe('secretsmanager:GetSecretValue');
      expect(statements[1].Condition).toEqual({ StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } });
      for (const action of statements[3].Action) {
        expect(action).toMatch(/^(ssm:UpdateInstanceInformation|ssmmessages:\w+|ec2messages:\w+)$/);
        expect(action).not.toContain('*');
      }
    });

    test('only EC2 assumes it', () => {
      const trust = JSON.parse(resourceAt(wireGuard.json, 'aws_iam_role', 'Proxy-acme/Role').assume_role_policy);
      expect(trust.Statement[0].Principal).toEqual({ Service: 'ec2.amazonaws.com' });
    });

    test('the customer secret is an empty container', () => {
      expect(resourceAt(wireGuard.json, 'aws_secretsmanager_secret', 'Proxy-acme/VpnSecret').name).toBe('production/customers/acme/vpn');
      expect(resources(wireGuard.json, 'aws_secretsmanager_secret_version')).toEqual({});
    });
  });

  describe('security groups', () => {
    const json = wireGuard.json;
    const proxyGroup = referenceTo(json, 'aws_security_group', 'Proxy-acme/SecurityGroup', 'id');
    const rulesOf = (type: string) => resourceList(json, type).filter((rule) => rule.security_group_id === proxyGroup);

    test('admit the proxy port from the worker and poller only', () => {
      expect(rulesOf('aws_vpc_security_group_ingress_rule').map((rule) => [rule.from_port, rule.to_port, rule.referenced_security_group_id])).toEqual([
        [3128, 3128, referenceTo(json, 'aws_security_group', 'Poller/SecurityGroup', 'id')],
        [3128, 3128, referenceTo(json, 'aws_security_group', 'Worker/SecurityGroup', 'id')],
      ]);
    });

    test('let the worker and poller reach the proxy port', () => {
      for (const client of ['Worker', 'Poller']) {
        const clientGroup = referenceTo(json, 'aws_security_group', `${client}/SecurityGroup`, 'id');
        const egress = resourceList(json, 'aws_vpc_security_group_egress_rule').filter(
          (rule) => rule.security_group_id === clientGroup && rule.referenced_security_group_id === proxyGroup,
        );
        expect(egress.map((rule) => [rule.from_port, rule.to_port])).toEqual([[3128, 3128]]);
      }
    });

    test('send only to the peer, the destinations, DNS and AWS', () => {
      const egress = rulesOf('aws_vpc_security_group_egress_rule').map((rule) =>
        [rule.ip_protocol, rule.from_port, rule.cidr_ipv4 ?? rule.prefix_list_id].join(' '),
      );
      expect(egress.sort()).toEqual(
        [
          'tcp 443 10.10.0.0/16',
          `tcp 443 ${referenceTo(json, 'aws_vpc_endpoint', 'Endpoints/S3Gateway', 'prefix_list_id')}`,
          'udp 51820 0.0.0.0/0',
          'tcp 443 10.60.0.0/16',
          'tcp 8089 10.60.0.0/16',
          'tcp 443 10.60.12.0/24',
          'tcp 8443 10.60.12.0/24',
          'udp 53 10.60.0.2/32',
          'tcp 53 10.60.0.2/32',
        ].sort(),
      );
    });

    test('IPsec allows IKE, NAT traversal and ESP to the gateway only', () => {
      const group = referenceTo(ipsec.json, 'aws_security_group', 'Proxy-globex/SecurityGroup', 'id');
      const vpnRules = resourceList(ipsec.json, 'aws_vpc_security_group_egress_rule')
        .filter((rule) => rule.security_group_id === group && rule.cidr_ipv4 === '198.51.100.24/32')
        .map((rule) => [rule.ip_protocol, rule.from_port ?? null]);
      expect(vpnRules).toEqual([
        ['50', null],
        ['udp', 500],
        ['udp', 4500],
      ]);
    });
  });

  describe('naming', () => {
    test('gives each proxy a stable private DNS name', () => {
      const zone = resourceAt(wireGuard.json, 'aws_route53_zone', 'ProxyZone');
      expect(zone.name).toBe('proxies.production.internal');
      expect(zone.vpc).toEqual([{ vpc_id: referenceTo(wireGuard.json, 'aws_vpc', 'Network/Vpc', 'id') }]);
      expect(resourceAt(wireGuard.json, 'aws_route53_record', 'Proxy-acme/DnsRecord')).toMatchObject({
        name: 'acme.proxies.production.internal',
        type: 'A',
        records: [referenceTo(wireGuard.json, 'aws_instance', 'Proxy-acme/Instance', 'private_ip')],
      });
    });

    test('worker and poller receive the proxy URLs of their region', () => {
      for (const service of ['Worker', 'Poller']) {
        const [container] = JSON.parse(resourceAt(wireGuard.json, 'aws_ecs_task_definition', `${service}/TaskDefinition`).container_definitions);
        const variable = container.environment.find((entry: { name: string }) => entry.name === 'CUSTOMER_PROXIES');
        expect(JSON.parse(variable.value)).toEqual({ acme: 'http://acme.proxies.production.internal:3128' });
      }
      const [backend] = JSON.parse(resourceAt(wireGuard.json, 'aws_ecs_task_definition', 'Backend/TaskDefinition').container_definitions);
      expect(backend.environment.map((entry: { name: string }) => entry.name)).not.toContain('CUSTOMER_PROXIES');
    });

    test('onboarding a customer is a configuration edit', () => {
      const onboarded = regionStack(0, (c) =>
        c.customers.push({
          name: 'initech',
          region: 'us-east-1',
          vpn: { type: 'ipsec', peerAddress: '203.0.113.7', customerCidrs: ['172.20.0.0/16'] },
          destinations: [{ host: 'gitlab.initech.corp', ports: [443] }],
        }),
      );
      expect(resourceList(onboarded.json, 'aws_instance')).toHaveLength(2);
      expect(resourceAt(onboarded.json, 'aws_route53_record', 'Proxy-initech/DnsRecord').name).toBe('initech.proxies.production.internal');
    });

    test('a region without customers has no proxy resources', () => {
      const none = regionStack(0, (c) => (c.customers = c.customers.filter((customer: any) => customer.region !== 'us-east-1')));
      for (const type of ['aws_instance', 'aws_route53_zone', 'aws_iam_instance_profile']) {
        expect(resources(none.json, type)).toEqual({});
      }
      expect(none.json.data?.aws_ssm_parameter).toBeUndefined();
    });
  });
});

describe('proxy user data', () => {
  const environment = validConfig();
  const settingsFor = (customer: CustomerConfig): ProxyBootSettings => ({
    customer,
    region: customer.region,
    secretId: `arn:aws:secretsmanager:${customer.region}:111122223333:secret:production/customers/${customer.name}/vpn`,
    logGroupName: `/proxy/production/${customer.name}`,
    vpcCidr: '10.10.0.0/16',
    ipsecLocalId: `@${customer.name}-proxy.legionsecurity.ai`,
    proxyPort: 3128,
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'user-data-'));

  function bashSyntaxErrors(name: string, script: string): string {
    const file = path.join(dir, name);
    writeFileSync(file, script);
    const result = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    return result.status === 0 ? '' : result.stderr;
  }

  test.each((environment.customers ?? []).map((customer) => [customer.vpn.type, customer] as const))(
    '%s user data passes bash -n',
    (type, customer) => {
      const settings = settingsFor(customer);
      expect(bashSyntaxErrors(`${type}-user-data.sh`, renderUserData(settings))).toBe('');
      expect(bashSyntaxErrors(`${type}-config.sh`, renderVpnConfigScript(settings))).toBe('');
      expect(bashSyntaxErrors(`${type}-watchdog.sh`, renderWatchdogScript(settings))).toBe('');
    },
  );

  test('installs the VPN client of each type', () => {
    const [wireGuardCustomer, ipsecCustomer] = environment.customers ?? [];
    expect(renderUserData(settingsFor(wireGuardCustomer))).toContain('dnf install -y squid jq amazon-cloudwatch-agent wireguard-tools');
    expect(renderUserData(settingsFor(ipsecCustomer))).toContain('dnf install -y squid jq amazon-cloudwatch-agent libreswan');
  });

  test('restarts the VPN and the proxy under systemd', () => {
    const userData = renderUserData(settingsFor(environment.customers![0]));
    expect(userData).toContain('ExecStartPre=/usr/local/sbin/customer-vpn-config');
    expect(userData).toMatch(/Restart=on-failure\nRestartSec=10/);
    expect(userData).toMatch(/\[Service\]\nRestart=always\nRestartSec=5/);
    expect(userData).toContain('systemctl enable --now squid.service customer-vpn-watchdog.timer');
    // The proxy starts before the VPN, which may wait for its secret on a first deploy.
    expect(userData.indexOf('systemctl enable --now squid.service')).toBeLessThan(userData.indexOf('systemctl start --no-block wg-quick@wg0.service'));
  });

  test('allow-list contains exactly the configured destinations', () => {
    const customer = environment.customers![0];
    const squid = renderSquidConfig(settingsFor(customer));
    const allows = squid.split('\n').filter((line) => line.startsWith('http_access'));
    expect(allows).toEqual([
      'http_access allow vpc_clients destination_0 destination_0_ports',
      'http_access allow vpc_clients destination_1 destination_1_ports',
      'http_access allow vpc_clients destination_2 destination_2_ports',
      'http_access deny all',
    ]);
    const acls = squid.split('\n').filter((line) => line.startsWith('acl destination_'));
    expect(acls).toEqual([
      'acl destination_0 dstdomain jira.acme.internal',
      'acl destination_0_ports port 443',
      'acl destination_1 dstdomain splunk.acme.internal',
      'acl destination_1_ports port 8089',
      'acl destination_2 dst 10.60.12.0/24',
      'acl destination_2_ports port 443 8443',
    ]);
    expect(squid).toContain('acl vpc_clients src 10.10.0.0/16');
    expect(squid).toContain('dns_nameservers 10.60.0.2');
  });

  test('WireGuard keeps the tunnel alive and routes only the customer networks', () => {
    const script = renderVpnConfigScript(settingsFor(environment.customers![0]));
    expect(script).toContain("echo 'AllowedIPs = 10.60.0.0/16'");
    expect(script).toContain("echo 'PersistentKeepalive = 25'");
    expect(script).toContain("echo 'Endpoint = vpn.acme-corp.example:51820'");
  });

  test('IPsec uses IKEv2 with dead peer detection to the configured gateway', () => {
    const script = renderVpnConfigScript(settingsFor(environment.customers![1]));
    expect(script).toContain('  ikev2=insist');
    expect(script).toContain('  right=198.51.100.24');
    expect(script).toContain('  rightsubnets={192.168.40.0/22}');
    expect(script).toContain('  dpddelay=10');
    expect(script).toContain('  auto=start');
  });
});
