import { readFileSync } from 'fs';
import * as path from 'path';
import { App } from 'cdktf';
import { renderConfigReference } from '../lib/config-reference';
import { defaultEnvironmentDiagram, diagramSection, renderDiagram, replaceDiagramSection } from '../lib/diagram';
import { addEnvironmentStacks, stackList } from '../stacks/app';
import { testConfig, validConfig } from './support/synth';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

function diagramOf(change: (config: any) => void = () => undefined): string {
  const config = testConfig();
  change(config);
  const stacks = stackList(addEnvironmentStacks(new App({ outdir: path.join(ROOT, 'dist', 'docs-test') }), validConfig(config)));
  return renderDiagram(stacks.map((stack) => ({ name: stack.node.id, json: stack.toTerraform() as any })));
}

describe('generated documentation', () => {
  test('the configuration reference matches the types', () => {
    expect(read('docs/configuration.md')).toBe(renderConfigReference(path.join(ROOT, 'config', 'types.ts')));
  });

  test('the README diagram matches the default environment', () => {
    const expected = diagramSection(replaceDiagramSection(read('README.md'), defaultEnvironmentDiagram()));
    expect(diagramSection(read('README.md'))).toBe(expected);
  });

  test('the diagram page matches the default environment', () => {
    expect(read('docs/diagram.md')).toBe(`# Topology of the default environment\n\n${defaultEnvironmentDiagram()}`);
  });

  test('every setting of the types is in the reference', () => {
    const reference = read('docs/configuration.md');
    for (const name of ['availabilityZones', 'subnetLayout', 'backlogPerTask', 'fixedSourceAddress', 'originHeaderName', 'restoreWindowDays']) {
      expect(reference).toContain(`| \`${name}\` |`);
    }
  });
});

describe('topology diagram', () => {
  const diagram = diagramOf();

  test('draws one flowchart per region', () => {
    expect(diagram.match(/```mermaid/g)).toHaveLength(2);
    expect(diagram).toContain('## production-us-east-1');
    expect(diagram).toContain('## production-eu-central-1');
  });

  test('shows the edge, the services, the endpoints and the NAT gateways', () => {
    expect(diagram).toContain('dns_app_legionsecurity_ai["app.legionsecurity.ai<br/>proxied"]');
    expect(diagram).toContain('access_app_legionsecurity_ai_session["Access: app.legionsecurity.ai/session"]');
    expect(diagram).toContain('alb["ALB production-use1<br/>HTTP 80, HTTPS 443"]');
    expect(diagram).toContain('alb -->|HTTP| svc_backend');
    expect(diagram).toMatch(/endpoints\["VPC endpoints<br\/>[^"]*secretsmanager/);
    expect(diagram).toContain('atlas_production_use1[("Atlas cluster production-use1")]');
    expect(diagram).toContain('nat_production_use1_us_east_1a[production-use1-us-east-1a]');
  });

  test('shows each customer proxy with its VPN peer', () => {
    expect(diagram).toContain('peer_acme{{"acme network<br/>WireGuard peer vpn.acme-corp.example"}}');
    expect(diagram).toContain('peer_globex{{"globex network<br/>IPsec peer 198.51.100.24"}}');
    expect(diagram).toContain('svc_worker -->|HTTP proxy| proxies');
    expect(diagram).toContain('proxy_acme["proxy acme<br/>via NAT"]');
    expect(diagram).toContain('proxy_globex["proxy globex<br/>own Elastic IP"]');
  });

  test('a customer added to the configuration appears', () => {
    const onboarded = diagramOf((c) =>
      c.customers.push({
        name: 'initech',
        region: 'eu-central-1',
        vpn: { type: 'ipsec', peerAddress: '203.0.113.7', customerCidrs: ['172.20.0.0/16'] },
        destinations: [{ host: 'gitlab.initech.corp', ports: [443] }],
      }),
    );
    expect(diagram).not.toContain('proxy_initech');
    expect(onboarded).toContain('proxy_initech["proxy initech<br/>via NAT"]');
    expect(onboarded).toContain('peer_initech{{"initech network<br/>IPsec peer 203.0.113.7"}}');
  });

  test('a subdomain added to a region appears', () => {
    const extended = diagramOf((c) => c.regions[1].subdomains.push('status'));
    expect(extended).toContain('dns_status_legionsecurity_ai["status.legionsecurity.ai<br/>proxied"]');
  });
});
