import { assumeRolePolicy, denyInsecureTransport, policyDocument } from '../../lib/iam';

describe('policyDocument', () => {
  test('renders statements as a 2012-10-17 document', () => {
    const document = JSON.parse(policyDocument([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }]));
    expect(document).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }],
    });
  });

  test.each([['*'], ['s3:*'], [['sqs:SendMessage', 'sqs:*']]])('rejects an allowed wildcard action %j', (action) => {
    expect(() => policyDocument([{ Sid: 'Broad', Effect: 'Allow', Action: action, Resource: 'arn:aws:s3:::b' }])).toThrow(
      /IAM statement Broad allows .*; list the exact actions the role needs/,
    );
  });

  test('accepts a wildcard action in a deny', () => {
    expect(() => policyDocument([denyInsecureTransport('s3:*', ['arn:aws:s3:::b'])])).not.toThrow();
  });
});

describe('assumeRolePolicy', () => {
  test('trusts one service with an optional condition', () => {
    const trust = JSON.parse(assumeRolePolicy('ecs-tasks.amazonaws.com', { StringEquals: { 'aws:SourceAccount': '1' } }));
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { Service: 'ecs-tasks.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': '1' } },
      },
    ]);
  });
});
