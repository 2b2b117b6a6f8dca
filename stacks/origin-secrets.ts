import { TerraformStack, TerraformVariable } from 'cdktf';
import { MAX_ORIGIN_SECRETS } from '../modules/edge/public-load-balancer';

/** Name of the Terraform variable with the origin proof secrets. */
export const ORIGIN_SECRETS_VARIABLE = 'origin_verify_secrets';

/** Minimum length of an origin secret, in characters. */
export const MIN_ORIGIN_SECRET_LENGTH = 32;

/**
 * Maximum length of an origin secret: an ALB http-header condition value is
 * at most 128 characters, and it treats `*` and `?` as wildcards.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html
 */
export const MAX_ORIGIN_SECRET_LENGTH = 128;

/**
 * Declares the sensitive variable with the secrets that prove a request came
 * through Cloudflare: the current secret first and, during a rotation, the
 * previous one. The value never appears in code or configuration. Operators
 * pass it at plan and deploy time, for example as `TF_VAR_origin_verify_secrets`.
 *
 * NOTE: like every value a resource uses, the secret is stored in the
 * Terraform state (in the Cloudflare ruleset and the listener rules). The
 * state bucket is encrypted and closed to the public for that reason.
 */
export function originSecretsVariable(stack: TerraformStack): TerraformVariable {
  const reference = `var.${ORIGIN_SECRETS_VARIABLE}`;
  return new TerraformVariable(stack, ORIGIN_SECRETS_VARIABLE, {
    type: 'list(string)',
    sensitive: true,
    nullable: false,
    description:
      'Secrets Cloudflare sends in the origin header: the current one first and, during a rotation, the previous one',
    validation: [
      {
        // In Terraform JSON a condition is a string template, so the expression goes inside ${...}.
        condition:
          `\${length(${reference}) >= 1 && length(${reference}) <= ${MAX_ORIGIN_SECRETS} && ` +
          `alltrue([for secret in ${reference} : length(secret) >= ${MIN_ORIGIN_SECRET_LENGTH} && ` +
          `length(secret) <= ${MAX_ORIGIN_SECRET_LENGTH} && !strcontains(secret, "*") && !strcontains(secret, "?")])}`,
        errorMessage:
          `${ORIGIN_SECRETS_VARIABLE} must list 1 to ${MAX_ORIGIN_SECRETS} secrets of ${MIN_ORIGIN_SECRET_LENGTH} to ` +
          `${MAX_ORIGIN_SECRET_LENGTH} characters without "*" or "?", the current one first.`,
      },
    ],
  });
}
