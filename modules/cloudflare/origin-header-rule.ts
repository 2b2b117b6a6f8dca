import { Construct } from 'constructs';
import { Ruleset } from '@cdktf/provider-cloudflare/lib/ruleset';

/** Properties of an {@link OriginHeaderRule}. */
export interface OriginHeaderRuleProps {
  readonly zoneId: string;

  /** Header that carries the secret, for example `X-Origin-Verify`. */
  readonly headerName: string;

  /** Secret value; a reference to a sensitive Terraform variable. */
  readonly secret: string;

  /** Host names whose origin requests get the header: the environment's subdomains only. */
  readonly hostnames: readonly string[];
}

/**
 * A request header transform rule that sets the origin proof header on the
 * requests Cloudflare sends to the origins of the given host names, and no
 * others, so an origin outside this project never receives the secret. "set"
 * replaces any value a visitor sent.
 *
 * NOTE: a zone has one ruleset per phase, so this resource owns every request
 * header transform rule of the zone; add other such rules here.
 */
export class OriginHeaderRule extends Construct {
  readonly ruleset: Ruleset;

  constructor(scope: Construct, id: string, props: OriginHeaderRuleProps) {
    super(scope, id);

    this.ruleset = new Ruleset(this, 'Ruleset', {
      zoneId: props.zoneId,
      name: 'Request header transforms',
      description: 'Managed by cdktf',
      kind: 'zone',
      phase: 'http_request_late_transform',
      rules: [
        {
          ref: 'origin_proof_header',
          description: `Set ${props.headerName} for the origin`,
          expression: `(http.host in {${props.hostnames.map((host) => JSON.stringify(host)).join(' ')}})`,
          action: 'rewrite',
          actionParameters: {
            headers: { [props.headerName]: { operation: 'set', value: props.secret } },
          },
          enabled: true,
        },
      ],
    });
  }
}
