import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { loadEnvironment } from '../config/load';
import { addEnvironmentStacks, stackList } from '../stacks/app';

/** The synthesized Terraform of one stack. */
export interface SynthesizedStack {
  readonly name: string;
  readonly json: { resource?: Record<string, Record<string, any>> };
}

const START = '<!-- diagram:start -->';
const END = '<!-- diagram:end -->';

/**
 * Draws each region of an environment as a Mermaid flowchart, built from the
 * synthesized resources alone so the picture cannot drift from the code.
 *
 * A region shows its Cloudflare records and Access applications, the ALB and
 * its listeners, the ECS services, the private endpoints, the Atlas cluster,
 * the NAT gateways, and each customer proxy with its VPN peer.
 */
export function renderDiagram(stacks: readonly SynthesizedStack[]): string {
  const global = stacks.find((stack) => stack.name.endsWith('-global'));
  const accessPaths = Object.values(global?.json.resource?.cloudflare_zero_trust_access_application ?? {}).flatMap((app: any) =>
    (app.destinations ?? []).map((destination: any) => String(destination.uri)),
  );

  const sections: string[] = [];
  for (const stack of stacks) {
    const resources = stack.json.resource ?? {};
    if (!resources.aws_vpc || !resources.aws_lb) {
      continue;
    }
    sections.push(`## ${stack.name}`, '', '```mermaid', ...regionFlowchart(resources, accessPaths), '```', '');
  }
  return `${sections.join('\n')}`;
}

function regionFlowchart(resources: Record<string, Record<string, any>>, accessPaths: readonly string[]): string[] {
  const lines = ['flowchart LR', '  internet((Internet))'];
  const values = (type: string) => Object.values(resources[type] ?? {});

  // Cloudflare: proxied records of the region, and the Access applications on their hosts.
  const hosts = values('cloudflare_dns_record').filter((record) => record.proxied === true).map((record) => String(record.name));
  lines.push('  subgraph cloudflare[Cloudflare]');
  for (const host of hosts) {
    lines.push(`    ${id('dns', host)}["${host}<br/>proxied"]`);
    for (const access of accessPaths.filter((uri) => uri.startsWith(`${host}/`))) {
      lines.push(`    ${id('access', access)}["Access: ${access}"]`);
      lines.push(`    ${id('access', access)} -.guards.- ${id('dns', host)}`);
    }
  }
  lines.push('  end', ...hosts.map((host) => `  internet --> ${id('dns', host)}`));

  // Edge: the ALB and its listeners.
  const [alb] = values('aws_lb');
  const listeners = values('aws_lb_listener').map((listener) => `${listener.protocol} ${listener.port}`).sort();
  lines.push(`  alb["ALB ${alb.name}<br/>${listeners.join(', ')}"]`);
  lines.push(...hosts.map((host) => `  ${id('dns', host)} --> alb`));

  // Services.
  const services = values('aws_ecs_service').map((service) => String(service.name)).sort();
  lines.push('  subgraph ecs[ECS Fargate]');
  lines.push(...services.map((service) => `    ${id('svc', service)}[${service}]`));
  lines.push('  end');
  if (services.includes('backend')) {
    lines.push(`  alb -->|HTTP| ${id('svc', 'backend')}`);
  }

  // Private endpoints and Atlas.
  const endpoints = values('aws_vpc_endpoint')
    .map((endpoint) => String(endpoint.service_name))
    .map((name) => (name.startsWith('com.amazonaws.') ? name.split('.').slice(3).join('.') : 'Atlas PrivateLink'))
    .sort();
  // One node lists the AWS endpoints, which keeps the chart narrow; Atlas PrivateLink gets its own.
  const awsEndpoints = endpoints.filter((endpoint) => endpoint !== 'Atlas PrivateLink');
  lines.push(`  endpoints["VPC endpoints<br/>${chunks(awsEndpoints, 4).map((group) => group.join(', ')).join('<br/>')}"]`);
  lines.push(...services.map((service) => `  ${id('svc', service)} --> endpoints`));
  for (const cluster of values('mongodbatlas_advanced_cluster')) {
    lines.push(`  ${id('atlas', cluster.name)}[("Atlas cluster ${cluster.name}")]`);
    lines.push(...services.map((service) => `  ${id('svc', service)} -->|PrivateLink| ${id('atlas', cluster.name)}`));
  }

  // Outbound through the NAT gateways.
  const nats = values('aws_nat_gateway').map((nat) => String(nat.tags?.Name ?? 'NAT gateway')).sort();
  lines.push('  subgraph nat[NAT gateways, one Elastic IP each]');
  lines.push(...nats.map((nat) => `    ${id('nat', nat)}[${nat}]`));
  lines.push('  end');
  lines.push(...services.map((service) => `  ${id('svc', service)} --> nat`), '  nat --> internet');

  // Customer proxies and their VPN peers, from the instances' tags.
  const proxies = values('aws_instance').filter((instance) => instance.tags?.customer);
  if (proxies.length > 0) {
    const addresses = new Set(values('aws_eip_association').map((association) => String(association.instance_id)));
    const instanceIds = new Map(Object.entries(resources.aws_instance ?? {}).map(([name, instance]) => [instance, `\${aws_instance.${name}.id}`]));
    lines.push('  subgraph proxies[Customer proxies]');
    for (const instance of proxies) {
      const customer = String(instance.tags.customer);
      const source = addresses.has(instanceIds.get(instance) ?? '') ? 'own Elastic IP' : 'via NAT';
      lines.push(`    ${id('proxy', customer)}["proxy ${customer}<br/>${source}"]`);
    }
    lines.push('  end');
    for (const client of ['worker', 'poller'].filter((service) => services.includes(service))) {
      lines.push(`  ${id('svc', client)} -->|HTTP proxy| proxies`);
    }
    for (const instance of proxies) {
      const customer = String(instance.tags.customer);
      const vpn = instance.tags.vpn === 'wireguard' ? 'WireGuard' : 'IPsec';
      lines.push(`  ${id('peer', customer)}{{"${customer} network<br/>${vpn} peer ${instance.tags['vpn-peer'] ?? ''}"}}`);
      lines.push(`  ${id('proxy', customer)} ==>|${vpn}| ${id('peer', customer)}`);
    }
  }
  return lines;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    groups.push(items.slice(i, i + size));
  }
  return groups;
}

/** Returns a Mermaid node id: a prefix and the name with everything but letters and digits replaced. */
function id(prefix: string, name: string): string {
  return `${prefix}_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
}

/** Synthesizes the default environment in memory and draws it. */
export function defaultEnvironmentDiagram(): string {
  const outdir = mkdtempSync(path.join(tmpdir(), 'diagram-'));
  try {
    const app = new App({ outdir, stackTraces: false });
    const stacks = stackList(addEnvironmentStacks(app, loadEnvironment({})));
    return renderDiagram(stacks.map((stack) => ({ name: stack.node.id, json: stack.toTerraform() as SynthesizedStack['json'] })));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Replaces the text between the README's diagram markers. */
export function replaceDiagramSection(readme: string, diagram: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) {
    throw new Error(`README.md has no diagram section; add the lines ${START} and ${END} where the diagram goes`);
  }
  const body = diagram.replace(/^## /gm, '### ');
  return `${readme.slice(0, start + START.length)}\n${body}${readme.slice(end)}`;
}

/** Returns the diagram text between the README's markers. */
export function diagramSection(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  return start < 0 || end < start ? '' : readme.slice(start + START.length + 1, end);
}
