import { boundedName, regionCode } from '../../lib/naming';

describe('boundedName', () => {
  test('joins short parts unchanged', () => {
    expect(boundedName(['production', 'use1'], 32)).toBe('production-use1');
  });

  test('cuts a long name to the limit and keeps it distinct', () => {
    const first = boundedName(['production-with-a-very-long-name', 'apse2'], 32);
    const second = boundedName(['production-with-a-very-long-name', 'apse4'], 32);
    expect(first).toHaveLength(32);
    expect(first).toMatch(/^[a-z0-9-]+$/);
    expect(first).not.toBe(second);
  });

  test('gives the same name for the same input', () => {
    const parts = ['an-environment-name-over-the-limit', 'mxc1'];
    expect(boundedName(parts, 32)).toBe(boundedName(parts, 32));
  });

  test('never starts or ends with a hyphen', () => {
    const name = boundedName(['--a', 'b_c--', 'x'.repeat(40)], 32);
    expect(name).toMatch(/^[a-z0-9].*[a-z0-9]$/);
    expect(name.length).toBeLessThanOrEqual(32);
  });
});

describe('regionCode', () => {
  test.each([
    ['us-east-1', 'use1'],
    ['eu-central-1', 'euc1'],
    ['ap-southeast-2', 'apse2'],
    ['ap-northeast-3', 'apne3'],
  ])('shortens %s to %s', (region, code) => {
    expect(regionCode(region)).toBe(code);
  });
});
