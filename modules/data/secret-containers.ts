import { Construct } from 'constructs';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';

/** Properties of a {@link SecretContainers}. */
export interface SecretContainersProps {
  /** Prefix of the secret names and of the key alias, for example `production`. */
  readonly namePrefix: string;

  /** Secret names; each becomes `<namePrefix>/<name>`. */
  readonly names: readonly string[];
}

/**
 * Empty Secrets Manager secrets, encrypted with a customer managed KMS key of
 * their own.
 *
 * Terraform creates only the named containers and never a secret value, so no
 * value enters the state. Operators set values out of band, for example with
 * `aws secretsmanager put-secret-value`. Tasks receive the values through
 * their container definition's `secrets`.
 */
export class SecretContainers extends Construct {
  readonly key: KmsKey;
  readonly secrets: ReadonlyMap<string, SecretsmanagerSecret>;

  constructor(scope: Construct, id: string, props: SecretContainersProps) {
    super(scope, id);

    // Without an explicit policy, KMS applies its default key policy: the
    // account administers the key, and IAM policies grant its use.
    this.key = new KmsKey(this, 'Key', {
      description: `Encrypts the ${props.namePrefix} Secrets Manager secrets`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    new KmsAlias(this, 'KeyAlias', {
      name: `alias/${props.namePrefix}/secrets`,
      targetKeyId: this.key.keyId,
    });

    const secrets = new Map<string, SecretsmanagerSecret>();
    for (const name of props.names) {
      secrets.set(
        name,
        new SecretsmanagerSecret(this, name, {
          name: `${props.namePrefix}/${name}`,
          description: 'Value set out of band; managed by cdktf without a value',
          kmsKeyId: this.key.arn,
          recoveryWindowInDays: 30,
        }),
      );
    }
    this.secrets = secrets;
  }

  /** Returns the secret of a configured name. */
  secret(name: string): SecretsmanagerSecret {
    const secret = this.secrets.get(name);
    if (!secret) {
      throw new Error(`SecretContainers: no secret named "${name}"; declare it in services.secrets`);
    }
    return secret;
  }
}
