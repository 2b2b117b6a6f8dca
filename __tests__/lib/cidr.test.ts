import { cidrContains, cidrsOverlap, formatIpv4Cidr, parseIpv4Cidr, planSubnets, Ipv4Cidr } from '../../lib/cidr';

function parse(text: string): Ipv4Cidr {
  const result = parseIpv4Cidr(text);
  if (typeof result === 'string') {
    throw new Error(`${text} ${result}`);
  }
  return result;
}

describe('parseIpv4Cidr', () => {
  test('round-trips a valid block', () => {
    expect(formatIpv4Cidr(parse('10.10.0.0/16'))).toBe('10.10.0.0/16');
    expect(formatIpv4Cidr(parse('192.168.255.0/24'))).toBe('192.168.255.0/24');
  });

  test.each(['10.10.0.0', '10.10.0.0/33', '10.10.0.256/24', 'ten/8', ' 10.0.0.0/8'])('rejects "%s"', (text) => {
    expect(typeof parseIpv4Cidr(text)).toBe('string');
  });

  test('reports the network address when host bits are set', () => {
    expect(parseIpv4Cidr('10.10.5.7/16')).toContain('"10.10.0.0/16"');
  });
});

describe('cidrsOverlap and cidrContains', () => {
  test('detects nested and adjacent blocks', () => {
    expect(cidrsOverlap(parse('10.10.0.0/16'), parse('10.10.128.0/17'))).toBe(true);
    expect(cidrsOverlap(parse('10.10.0.0/16'), parse('10.11.0.0/16'))).toBe(false);
    expect(cidrContains(parse('10.0.0.0/8'), parse('10.10.0.0/16'))).toBe(true);
    expect(cidrContains(parse('10.10.0.0/16'), parse('10.0.0.0/8'))).toBe(false);
  });
});

describe('planSubnets', () => {
  test('places private subnets first, then aligned public subnets', () => {
    expect(planSubnets(parse('10.10.0.0/16'), 3, 20, 24)).toEqual({
      privateCidrs: ['10.10.0.0/20', '10.10.16.0/20', '10.10.32.0/20'],
      publicCidrs: ['10.10.48.0/24', '10.10.49.0/24', '10.10.50.0/24'],
    });
  });

  test('aligns public subnets larger than the private ones', () => {
    const plan = planSubnets(parse('10.0.0.0/16'), 3, 24, 20);
    expect(plan).toEqual({
      privateCidrs: ['10.0.0.0/24', '10.0.1.0/24', '10.0.2.0/24'],
      publicCidrs: ['10.0.16.0/20', '10.0.32.0/20', '10.0.48.0/20'],
    });
  });

  test('uses the whole block when the layout fits exactly', () => {
    const plan = planSubnets(parse('10.0.0.0/24'), 2, 26, 26);
    expect(plan).toEqual({
      privateCidrs: ['10.0.0.0/26', '10.0.0.64/26'],
      publicCidrs: ['10.0.0.128/26', '10.0.0.192/26'],
    });
  });

  test('reports a layout that does not fit', () => {
    expect(planSubnets(parse('10.0.0.0/24'), 3, 26, 26)).toBe(
      'needs 384 addresses for 3 private /26 and 3 public /26 subnets, but 10.0.0.0/24 has 256',
    );
  });
});
