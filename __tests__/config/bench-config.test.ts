import { validateEnvironment } from '../../config/validate';
import { generatedEnvironment } from '../../scripts/bench-config';

describe('benchmark configurations', () => {
  test.each([
    [6, 50],
    [12, 300],
  ])('%i regions with %i proxies are valid', (regions, customers) => {
    const config = validateEnvironment(generatedEnvironment(regions, customers));
    expect(config.regions).toHaveLength(regions);
    expect(config.customers).toHaveLength(customers);
    expect(new Set(config.customers?.map((customer) => customer.region)).size).toBe(regions);
  });

  test('rejects more regions than it can lay out', () => {
    expect(() => generatedEnvironment(13, 0)).toThrow('bench-config: at most 12 regions; got 13');
  });
});
