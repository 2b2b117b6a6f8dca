import { Construct } from 'constructs';
import { PrivatelinkEndpoint } from '@cdktf/provider-mongodbatlas/lib/privatelink-endpoint';
import { PrivatelinkEndpointService } from '@cdktf/provider-mongodbatlas/lib/privatelink-endpoint-service';

/** Properties of an {@link AtlasPrivateLink}. */
export interface AtlasPrivateLinkProps {
  readonly projectId: string;

  /** Atlas region name, for example `US_EAST_1`. */
  readonly atlasRegion: string;
}

/**
 * The Atlas side of a PrivateLink connection, in the order Atlas requires:
 * first the project's private endpoint for the region, whose endpoint service
 * name the AWS interface endpoint connects to; then, through {@link connect},
 * the link that registers that AWS endpoint with Atlas.
 *
 * Atlas allows one private endpoint per project, cloud provider and region;
 * configuration validation keeps two regions from asking for the same one.
 */
export class AtlasPrivateLink extends Construct {
  readonly endpoint: PrivatelinkEndpoint;
  private connection?: PrivatelinkEndpointService;

  constructor(scope: Construct, id: string, props: AtlasPrivateLinkProps) {
    super(scope, id);

    this.endpoint = new PrivatelinkEndpoint(this, 'Endpoint', {
      projectId: props.projectId,
      providerName: 'AWS',
      region: props.atlasRegion,
    });
  }

  /** Endpoint service name for the AWS interface endpoint. */
  get endpointServiceName(): string {
    return this.endpoint.endpointServiceName;
  }

  /**
   * Registers the AWS interface endpoint with Atlas. Call once, after the AWS
   * endpoint exists in the construct tree.
   */
  connect(vpcEndpointId: string): PrivatelinkEndpointService {
    if (this.connection) {
      throw new Error('AtlasPrivateLink: connect was already called; an Atlas endpoint links one AWS endpoint here');
    }
    this.connection = new PrivatelinkEndpointService(this, 'Link', {
      projectId: this.endpoint.projectId,
      privateLinkId: this.endpoint.privateLinkId,
      endpointServiceId: vpcEndpointId,
      providerName: 'AWS',
    });
    return this.connection;
  }
}
