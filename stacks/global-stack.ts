import { Construct } from 'constructs';
import { Fn, TerraformStack } from 'cdktf';
import { CloudflareProvider } from '@cdktf/provider-cloudflare/lib/provider';
import { DataCloudflareZone } from '@cdktf/provider-cloudflare/lib/data-cloudflare-zone';
import { ZoneSetting } from '@cdktf/provider-cloudflare/lib/zone-setting';
import { MongodbatlasProvider } from '@cdktf/provider-mongodbatlas/lib/provider';
import { Project } from '@cdktf/provider-mongodbatlas/lib/project';
import { EnvironmentConfig } from '../config/types';
import { ACCESS_DEFAULTS } from '../config/validate-access';
import { OriginHeaderRule } from '../modules/cloudflare/origin-header-rule';
import { SessionAccess } from '../modules/cloudflare/session-access';
import { originSecretsVariable } from './origin-secrets';
import { useS3Backend } from './state-backend';

/** Properties of a {@link GlobalStack}. */
export interface GlobalStackProps {
  readonly environment: EnvironmentConfig;
}

/**
 * Zone-wide Cloudflare settings that no single region owns.
 *
 * - SSL mode "strict" (Full (strict)): Cloudflare connects to the origin over
 *   HTTPS and checks its certificate, which the regional ACM certificates satisfy.
 * - Always use HTTPS: visitors on plain HTTP are redirected at the edge.
 * - Minimum TLS 1.2 for visitors.
 *
 * The stack also owns the account-level Zero Trust Access policy and the
 * applications that guard the session viewer on every subdomain. It adds the
 * transform rule that sets the origin proof header, and creates the
 * environment's Atlas project when the configuration names one
 * (`atlas.projectName`).
 */
export class GlobalStack extends TerraformStack {
  readonly sessionAccess: SessionAccess;
  readonly atlasProject?: Project;

  constructor(scope: Construct, id: string, props: GlobalStackProps) {
    super(scope, id);

    const { environment } = props;
    // Reads CLOUDFLARE_API_TOKEN from the environment.
    new CloudflareProvider(this, 'cloudflare', {});
    useS3Backend(this, environment.state);

    const zone = new DataCloudflareZone(this, 'Zone', {
      filter: { name: environment.domain },
    });

    const settings: { id: string; settingId: string; value: string }[] = [
      { id: 'SslMode', settingId: 'ssl', value: 'strict' },
      { id: 'AlwaysUseHttps', settingId: 'always_use_https', value: 'on' },
      { id: 'MinimumTlsVersion', settingId: 'min_tls_version', value: '1.2' },
    ];
    for (const setting of settings) {
      const resource = new ZoneSetting(this, setting.id, {
        zoneId: zone.id,
        settingId: setting.settingId,
        value: {},
      });
      // The provider's `value` is a dynamic type, but the generated binding only
      // accepts a map; these settings take a plain string.
      resource.addOverride('value', setting.value);
    }

    const access = environment.access;
    const hostnames = environment.regions.flatMap((region) =>
      region.subdomains.map((subdomain) => `${subdomain}.${environment.domain}`),
    );
    this.sessionAccess = new SessionAccess(this, 'SessionAccess', {
      accountId: access.cloudflareAccountId,
      namePrefix: environment.name,
      hostnames,
      path: access.protectedPath ?? ACCESS_DEFAULTS.protectedPath,
      allowedEmailDomains: access.allowedEmailDomains,
      identityProviderGroups: access.identityProviderGroups ?? [],
      sessionDuration: access.sessionDuration ?? ACCESS_DEFAULTS.sessionDuration,
    });

    // Cloudflare sends the first (current) secret; the ALBs also accept the previous one during a rotation.
    new OriginHeaderRule(this, 'OriginHeader', {
      zoneId: zone.id,
      headerName: environment.originHeaderName ?? ACCESS_DEFAULTS.originHeaderName,
      secret: Fn.element(originSecretsVariable(this).listValue, 0),
      hostnames,
    });

    const atlas = environment.atlas;
    if (atlas?.projectName) {
      // Reads MONGODB_ATLAS_CLIENT_ID and MONGODB_ATLAS_CLIENT_SECRET (or the API key pair) from the environment.
      new MongodbatlasProvider(this, 'mongodbatlas', {});
      this.atlasProject = new Project(this, 'AtlasProject', {
        orgId: atlas.orgId,
        name: atlas.projectName,
        withDefaultAlertsSettings: true,
        // Deleting the project would delete every cluster in it.
        lifecycle: { preventDestroy: true },
      });
    }
  }
}
