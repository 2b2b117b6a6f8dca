import { CustomerConfig, IpsecVpnConfig, WireGuardVpnConfig } from '../../config/types';
import { CUSTOMER_DEFAULTS } from '../../config/validate-customers';

/** Values of the customer proxy that its boot scripts need. */
export interface ProxyBootSettings {
  readonly customer: CustomerConfig;

  /** AWS region of the instance and its secret. */
  readonly region: string;

  /** ARN or name of the Secrets Manager secret with the VPN credentials. */
  readonly secretId: string;

  /** CloudWatch log group of the proxy. */
  readonly logGroupName: string;

  /** IPv4 CIDR of the VPC: the only clients the proxy serves. */
  readonly vpcCidr: string;

  /** IKE identity of the proxy, for IPsec; the customer's gateway expects it. */
  readonly ipsecLocalId: string;

  /** Port the forward proxy listens on. */
  readonly proxyPort: number;
}

/** Seconds without a WireGuard handshake after which the watchdog restarts the tunnel. */
export const WIREGUARD_STALE_HANDSHAKE_SECONDS = 180;

/** Path of the script that writes the VPN configuration from the secret. */
const CONFIG_SCRIPT = '/usr/local/sbin/customer-vpn-config';

/** Log file of the watchdog, shipped to CloudWatch (Amazon Linux 2023 has no /var/log/messages). */
const VPN_LOG = '/var/log/customer-vpn.log';

/** Path of the script that restarts a tunnel that stopped passing traffic. */
const WATCHDOG_SCRIPT = '/usr/local/sbin/customer-vpn-watchdog';

/**
 * Renders the cloud-init user data of a customer proxy: a bash script that
 * installs the VPN client and Squid on Amazon Linux 2023, writes their
 * configuration, and starts both under systemd with restart on failure.
 *
 * The VPN secret is never part of the user data. A script reads it from
 * Secrets Manager each time the VPN starts, so a rotated secret takes effect
 * on the next restart and nothing secret reaches the Terraform state.
 */
export function renderUserData(settings: ProxyBootSettings): string {
  const vpn = settings.customer.vpn;
  const packages = ['squid', 'jq', 'amazon-cloudwatch-agent', vpn.type === 'wireguard' ? 'wireguard-tools' : 'libreswan'];
  const vpnUnit = vpn.type === 'wireguard' ? 'wg-quick@wg0.service' : 'ipsec.service';

  return [
    '#!/bin/bash',
    `# Customer proxy for ${settings.customer.name}: rendered by cdktf, run once by cloud-init at first boot.`,
    'set -euo pipefail',
    'exec > >(tee -a /var/log/customer-proxy-setup.log) 2>&1',
    '',
    `dnf install -y ${packages.join(' ')}`,
    '',
    writeFile(CONFIG_SCRIPT, '0700', renderVpnConfigScript(settings)),
    writeFile(WATCHDOG_SCRIPT, '0700', renderWatchdogScript(settings)),
    writeFile('/etc/squid/squid.conf', '0644', renderSquidConfig(settings)),
    writeFile(`/etc/systemd/system/${vpnUnit}.d/customer.conf`, '0644', [
      '[Service]',
      `ExecStartPre=${CONFIG_SCRIPT}`,
      vpn.type === 'wireguard' ? 'Restart=on-failure' : 'Restart=always',
      'RestartSec=10',
    ].join('\n')),
    writeFile('/etc/systemd/system/squid.service.d/restart.conf', '0644', ['[Service]', 'Restart=always', 'RestartSec=5'].join('\n')),
    writeFile('/etc/systemd/system/customer-vpn-watchdog.service', '0644', [
      '[Unit]',
      'Description=Restart the customer VPN when it stops passing traffic',
      '',
      '[Service]',
      'Type=oneshot',
      `ExecStart=${WATCHDOG_SCRIPT}`,
    ].join('\n')),
    writeFile('/etc/systemd/system/customer-vpn-watchdog.timer', '0644', [
      '[Unit]',
      'Description=Check the customer VPN every minute',
      '',
      '[Timer]',
      'OnBootSec=2min',
      'OnUnitActiveSec=1min',
      '',
      '[Install]',
      'WantedBy=timers.target',
    ].join('\n')),
    writeFile('/opt/aws/amazon-cloudwatch-agent/etc/customer-proxy.json', '0644', renderLogAgentConfig(settings)),
    '',
    'sysctl -w net.ipv4.ip_forward=0',
    'systemctl daemon-reload',
    'amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:/opt/aws/amazon-cloudwatch-agent/etc/customer-proxy.json',
    'systemctl enable --now squid.service customer-vpn-watchdog.timer',
    // The VPN starts last and without waiting: on a first deploy its secret may
    // still be empty, and the watchdog starts it once the secret is set.
    `systemctl enable ${vpnUnit}`,
    `systemctl start --no-block ${vpnUnit}`,
    '',
  ].join('\n');
}

/**
 * Renders the script that reads the VPN secret and writes the VPN
 * configuration. systemd runs it before every VPN start.
 *
 * Secret format: WireGuard `{"privateKey", "peerPublicKey", "presharedKey"?}`,
 * IPsec `{"preSharedKey"}`.
 */
export function renderVpnConfigScript(settings: ProxyBootSettings): string {
  const vpn = settings.customer.vpn;
  const lines = [
    '#!/bin/bash',
    '# Writes the VPN configuration from the customer secret; systemd runs it before each VPN start.',
    'set -euo pipefail',
    'umask 077',
    `secret="$(aws secretsmanager get-secret-value --region ${quote(settings.region)} --secret-id ${quote(settings.secretId)} --query SecretString --output text)"`,
    'field() {',
    '  local value',
    '  value="$(jq -er --arg name "$1" \'.[$name] // empty\' <<<"$secret")" || { echo "customer secret has no $1" >&2; exit 1; }',
    '  printf \'%s\' "$value"',
    '}',
    '',
  ];
  return [...lines, ...(vpn.type === 'wireguard' ? wireGuardConfig(vpn) : ipsecConfig(vpn, settings)), ''].join('\n');
}

/** Renders the watchdog that restarts a tunnel that stopped working. */
export function renderWatchdogScript(settings: ProxyBootSettings): string {
  const vpn = settings.customer.vpn;
  const check =
    vpn.type === 'wireguard'
      ? [
          'latest="$(wg show wg0 latest-handshakes 2>/dev/null | awk \'{print $2}\' | sort -n | tail -n 1)"',
          `if [ -z "$latest" ] || [ $(( $(date +%s) - latest )) -gt ${WIREGUARD_STALE_HANDSHAKE_SECONDS} ]; then`,
          `  echo "$(date -Is) no WireGuard handshake in ${WIREGUARD_STALE_HANDSHAKE_SECONDS} s; restarting wg-quick@wg0" >> ${VPN_LOG}`,
          '  systemctl restart wg-quick@wg0.service',
          'fi',
        ]
      : [
          'if ! ipsec trafficstatus | grep -q "customer"; then',
          `  echo "$(date -Is) IPsec tunnel down; bringing it up again" >> ${VPN_LOG}`,
          '  ipsec auto --up customer || systemctl restart ipsec.service',
          'fi',
        ];
  return ['#!/bin/bash', '# Restarts the customer VPN when it no longer passes traffic.', 'set -uo pipefail', ...check, ''].join('\n');
}

/**
 * Renders the Squid configuration: clients from the VPC only, and only the
 * configured destinations on their ports; every other request is refused.
 */
export function renderSquidConfig(settings: ProxyBootSettings): string {
  const customer = settings.customer;
  const lines = [
    `# Forward proxy for ${customer.name}: only the configured destinations are allowed.`,
    `http_port ${settings.proxyPort}`,
    `acl vpc_clients src ${settings.vpcCidr}`,
  ];

  customer.destinations.forEach((destination, index) => {
    const target = destination.host ? `dstdomain ${destination.host}` : `dst ${destination.cidr}`;
    lines.push(
      `acl destination_${index} ${target}`,
      `acl destination_${index}_ports port ${destination.ports.join(' ')}`,
      `http_access allow vpc_clients destination_${index} destination_${index}_ports`,
    );
  });

  lines.push('http_access deny all');
  if (customer.dnsServers?.length) {
    lines.push(`dns_nameservers ${customer.dnsServers.join(' ')}`);
  }
  lines.push(
    'cache deny all',
    'via off',
    'forwarded_for delete',
    'access_log daemon:/var/log/squid/access.log squid',
    '',
  );
  return lines.join('\n');
}

function wireGuardConfig(vpn: WireGuardVpnConfig): string[] {
  const port = vpn.peerPort ?? CUSTOMER_DEFAULTS.wireGuardPort;
  return [
    'private_key="$(field privateKey)"',
    'peer_public_key="$(field peerPublicKey)"',
    'preshared_key="$(jq -r \'.presharedKey // empty\' <<<"$secret")"',
    'install -d -m 0700 /etc/wireguard',
    '{',
    "  echo '[Interface]'",
    '  echo "PrivateKey = ${private_key}"',
    `  echo ${quote(`Address = ${vpn.tunnelAddress}`)}`,
    "  echo ''",
    "  echo '[Peer]'",
    '  echo "PublicKey = ${peer_public_key}"',
    '  if [ -n "$preshared_key" ]; then echo "PresharedKey = ${preshared_key}"; fi',
    `  echo ${quote(`Endpoint = ${vpn.peerEndpoint}:${port}`)}`,
    `  echo ${quote(`AllowedIPs = ${vpn.customerCidrs.join(', ')}`)}`,
    // Keeps NAT mappings open and the handshake fresh, so the tunnel stays up without traffic.
    "  echo 'PersistentKeepalive = 25'",
    '} > /etc/wireguard/wg0.conf',
  ];
}

function ipsecConfig(vpn: IpsecVpnConfig, settings: ProxyBootSettings): string[] {
  return [
    'psk="$(field preSharedKey)"',
    // The primary address of the instance: the source the customer's gateway routes back to.
    'private_ip="$(hostname -I | awk \'{print $1}\')"',
    'cat > /etc/ipsec.d/customer.conf <<CONF',
    'conn customer',
    '  ikev2=insist',
    '  authby=secret',
    '  left=%defaultroute',
    `  leftid=${settings.ipsecLocalId}`,
    '  leftsubnet=${private_ip}/32',
    `  right=${vpn.peerAddress}`,
    `  rightid=${vpn.peerAddress}`,
    `  rightsubnets={${vpn.customerCidrs.join(' ')}}`,
    '  encapsulation=yes',
    '  dpddelay=10',
    '  retransmit-timeout=60s',
    '  auto=start',
    'CONF',
    `printf '%s %s : PSK "%s"\\n' ${quote(settings.ipsecLocalId)} ${quote(vpn.peerAddress)} "$psk" > /etc/ipsec.d/customer.secrets`,
  ];
}

function renderLogAgentConfig(settings: ProxyBootSettings): string {
  const file = (path: string, stream: string) => ({
    file_path: path,
    log_group_name: settings.logGroupName,
    log_stream_name: `{instance_id}/${stream}`,
  });
  return JSON.stringify(
    {
      logs: {
        logs_collected: {
          files: {
            collect_list: [
              file('/var/log/customer-proxy-setup.log', 'setup'),
              file('/var/log/squid/access.log', 'squid-access'),
              file(VPN_LOG, 'vpn-watchdog'),
            ],
          },
        },
      },
    },
    null,
    2,
  );
}

/** Returns a bash heredoc that writes `content` to `path` with `mode`. */
function writeFile(path: string, mode: string, content: string): string {
  const delimiter = 'CUSTOMER_PROXY_FILE';
  if (content.split('\n').includes(delimiter)) {
    throw new Error(`user data: the content of ${path} contains the heredoc delimiter ${delimiter}`);
  }
  return [
    `install -d -m 0755 ${quote(dirname(path))}`,
    `cat > ${quote(path)} <<'${delimiter}'`,
    content,
    delimiter,
    `chmod ${mode} ${quote(path)}`,
  ].join('\n');
}

function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/';
}

/** Quotes a value for bash: single quotes, with embedded single quotes escaped. */
function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
