/** One statement of an IAM policy document, in the JSON form AWS reads. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: unknown;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/**
 * Renders statements as an IAM policy document. Resource ARNs may be cdktf
 * tokens: they resolve when the stack is synthesized.
 *
 * @throws Error for an Allow statement with a wildcard action, because no
 *   role here needs every action of a service
 */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  for (const statement of statements) {
    const actions = toList(statement.Action);
    if (statement.Effect === 'Allow' && actions.some((action) => action === '*' || action.endsWith(':*'))) {
      throw new Error(
        `IAM statement ${statement.Sid ?? '(no Sid)'} allows ${actions.join(', ')}; list the exact actions the role needs`,
      );
    }
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/** Returns a trust policy that lets one AWS service assume the role. */
export function assumeRolePolicy(service: string, condition?: PolicyStatement['Condition']): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
}

/** Returns a statement that denies every request made without TLS. */
export function denyInsecureTransport(actions: string, resources: readonly string[]): PolicyStatement {
  return {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: actions,
    Resource: resources,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  };
}

function toList(value: string | readonly string[]): readonly string[] {
  return typeof value === 'string' ? [value] : value;
}
