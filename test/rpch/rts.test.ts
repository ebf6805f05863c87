import {
  classifyRts,
  connA1,
  connA3,
  connB1,
  connC2,
  decodeRts,
  encodeRts,
  RTS_FLAG_IN_CHANNEL,
  RTS_FLAG_OTHER_CMD,
  RTS_FLAG_OUT_CHANNEL,
  RTS_FLAG_PING,
} from '../../src/rpch/rts';

/** Byte vectors published with impacket, tests/SMB_RPC/test_rpch.py (RPCHLocalTest). */
const hex = (parts: string[]): Buffer => Buffer.from(parts.join('').replace(/\\x/g, ''), 'hex');
const CONN_A1 = hex([
  '\\x05\\x00\\x14\\x03\\x10\\x00\\x00\\x00\\x4c\\x00\\x00\\x00\\x00\\x00',
  '\\x00\\x00\\x00\\x00\\x04\\x00\\x06\\x00\\x00\\x00\\x01\\x00\\x00\\x00',
  '\\x03\\x00\\x00\\x00\\xb0\\xf6\\xaf\\x3d\\x77\\x62\\x98\\x07\\x9b\\x21',
  '\\x54\\x6e\\xec\\xf4\\x22\\x53\\x03\\x00\\x00\\x00\\x3a\\x24\\x7a\\x37',
  '\\x6d\\xc1\\xed\\x2c\\x68\\x5d\\x34\\x35\\x13\\x46\\x43\\x25\\x00\\x00',
  '\\x00\\x00\\x00\\x00\\x04\\x00',
]);
const CONN_A3 = hex([
  '\\x05\\x00\\x14\\x03\\x10\\x00\\x00\\x00\\x1c\\x00\\x00\\x00\\x00\\x00',
  '\\x00\\x00\\x00\\x00\\x01\\x00\\x02\\x00\\x00\\x00\\xc0\\xd4\\x01\\x00',
]);
const PING = hex([
  '\\x05\\x00\\x14\\x03\\x10\\x00\\x00\\x00\\x14\\x00\\x00\\x00\\x00\\x00',
  '\\x00\\x00\\x01\\x00\\x00\\x00',
]);
const CONN_C2 = hex([
  '\\x05\\x00\\x14\\x03\\x10\\x00\\x00\\x00\\x2c\\x00\\x00\\x00\\x00\\x00',
  '\\x00\\x00\\x00\\x00\\x03\\x00\\x06\\x00\\x00\\x00\\x01\\x00\\x00\\x00',
  '\\x00\\x00\\x00\\x00\\x00\\x00\\x01\\x00\\x02\\x00\\x00\\x00\\xc0\\xd4',
  '\\x01\\x00',
]);
const FLOW_CONTROL_ACK = hex([
  '\\x05\\x00\\x14\\x03\\x10\\x00\\x00\\x00\\x38\\x00\\x00\\x00\\x00\\x00',
  '\\x00\\x00\\x02\\x00\\x02\\x00\\x0d\\x00\\x00\\x00\\x00\\x00\\x00\\x00',
  '\\x01\\x00\\x00\\x00\\x92\\x80\\x00\\x00\\x00\\x00\\x01\\x00\\xe3\\x79',
  '\\x6e\\x7c\\xbc\\x68\\xa9\\x4d\\xab\\x8d\\x82\\x40\\xa0\\x05\\x72\\x32',
]);
const CONN_B2 = hex([
  '\\x05\\x00\\x14\\x03\\x10\\x00\\x00\\x00\\x80\\x00\\x00\\x00\\x00\\x00',
  '\\x00\\x00\\x08\\x00\\x07\\x00\\x06\\x00\\x00\\x00\\x01\\x00\\x00\\x00',
  '\\x03\\x00\\x00\\x00\\x61\\xec\\x8b\\xb3\\x40\\x28\\xa8\\x46\\xba\\xfd',
  '\\x90\\xcf\\x6d\\x31\\xdc\\x29\\x03\\x00\\x00\\x00\\x20\\xce\\x94\\x22',
  '\\x30\\x83\\x1b\\x45\\x94\\xea\\x0d\\x7e\\x05\\xd2\\xa8\\x5a\\x00\\x00',
  '\\x00\\x00\\x00\\x00\\x01\\x00\\x02\\x00\\x00\\x00\\xc0\\xd4\\x01\\x00',
  '\\x0c\\x00\\x00\\x00\\xdf\\x28\\xb4\\x20\\x77\\xa4\\x70\\x42\\xb1\\xd1',
  '\\x4a\\x03\\x49\\x5f\\x6b\\x7b\\x0b\\x00\\x00\\x00\\x00\\x00\\x00\\x00',
  '\\x00\\x00\\x00\\x00\\xc0\\xa8\\x02\\xfe\\x00\\x00\\x00\\x00\\x00\\x00',
  '\\x00\\x00',
]);
const CONN_A2 = hex([
  '\\x05\\x00\\x14\\x03\\x10\\x00\\x00\\x00\\x54\\x00\\x00\\x00\\x00\\x00',
  '\\x00\\x00\\x10\\x00\\x05\\x00\\x06\\x00\\x00\\x00\\x01\\x00\\x00\\x00',
  '\\x03\\x00\\x00\\x00\\x61\\xec\\x8b\\xb3\\x40\\x28\\xa8\\x46\\xba\\xfd',
  '\\x90\\xcf\\x6d\\x31\\xdc\\x29\\x03\\x00\\x00\\x00\\xbc\\x38\\x10\\x35',
  '\\xa7\\xf0\\x3d\\x43\\x9c\\x3f\\x44\\x85\\x6e\\xf1\\xc3\\xb0\\x04\\x00',
  '\\x00\\x00\\x00\\x00\\x00\\x40\\x00\\x00\\x00\\x00\\x00\\x00\\x01\\x00',
]);

describe('RTS PDUs against impacket’s byte vectors', () => {
  it('CONN/A1: decodes, and our encoder produces the same 76 bytes', () => {
    expect(CONN_A1).toHaveLength(76);
    const pdu = decodeRts(CONN_A1);
    expect(pdu.flags).toBe(0);
    expect(pdu.commands.map((c) => c.type)).toEqual(['Version', 'Cookie', 'Cookie', 'ReceiveWindowSize']);
    expect(pdu.commands[3]).toEqual({ type: 'ReceiveWindowSize', value: 262144 });
    const vc = Buffer.from('b0f6af3d776298079b21546eecf42253', 'hex');
    expect(pdu.commands[1]).toEqual({ type: 'Cookie', cookie: vc });
    const out = (pdu.commands[2] as { cookie: Buffer }).cookie;
    expect(connA1(vc, out)).toEqual(CONN_A1);
  });

  it('CONN/A3 and CONN/C2 round-trip byte for byte', () => {
    expect(decodeRts(CONN_A3).commands).toEqual([{ type: 'ConnectionTimeout', value: 120000 }]);
    expect(connA3(120000)).toEqual(CONN_A3);
    expect(classifyRts(decodeRts(CONN_A3))).toBe('A3');
    expect(decodeRts(CONN_C2).commands).toEqual([
      { type: 'Version', value: 1 },
      { type: 'ReceiveWindowSize', value: 65536 },
      { type: 'ConnectionTimeout', value: 120000 },
    ]);
    expect(connC2(120000, 65536)).toEqual(CONN_C2);
    expect(classifyRts(decodeRts(CONN_C2))).toBe('C2');
  });

  it('PING, flow control ack, CONN/B2 and CONN/A2', () => {
    expect(decodeRts(PING)).toEqual({ flags: RTS_FLAG_PING, commands: [] });
    const ack = decodeRts(FLOW_CONTROL_ACK);
    expect(ack.flags).toBe(RTS_FLAG_OTHER_CMD);
    expect(ack.commands[1]).toEqual({
      type: 'FlowControlAck',
      bytesReceived: 32914,
      availableWindow: 65536,
      cookie: Buffer.from('e3796e7cbc68a94dab8d8240a0057232', 'hex'),
    });
    const b2 = decodeRts(CONN_B2);
    expect(b2.flags).toBe(RTS_FLAG_IN_CHANNEL);
    expect(b2.commands.map((c) => c.type)).toEqual([
      'Version',
      'Cookie',
      'Cookie',
      'ReceiveWindowSize',
      'ConnectionTimeout',
      'AssociationGroupId',
      'ClientAddress',
    ]);
    expect(b2.commands[6]).toMatchObject({ type: 'ClientAddress', address: '0.0.0.0' });
    expect(encodeRts(b2)).toEqual(CONN_B2);
    const a2 = decodeRts(CONN_A2);
    expect(a2.flags).toBe(RTS_FLAG_OUT_CHANNEL);
    expect(a2.commands[3]).toEqual({ type: 'ChannelLifetime', value: 1073741824 });
    expect(encodeRts(a2)).toEqual(CONN_A2);
  });

  it('CONN/B1 is 104 bytes with the layout MS-RPCH gives', () => {
    const b1 = connB1(Buffer.alloc(16, 1), Buffer.alloc(16, 2), Buffer.alloc(16, 3));
    expect(b1).toHaveLength(104);
    expect(decodeRts(b1).commands.map((c) => c.type)).toEqual([
      'Version',
      'Cookie',
      'Cookie',
      'ChannelLifetime',
      'ClientKeepalive',
      'AssociationGroupId',
    ]);
  });

  it('refuses malformed PDUs', () => {
    expect(() => decodeRts(Buffer.alloc(10))).toThrow(/shorter/);
    expect(() => decodeRts(CONN_A1.subarray(0, 40))).toThrow(/truncated/);
    const wrongType = Buffer.from(CONN_A3);
    wrongType[2] = 0;
    expect(() => decodeRts(wrongType)).toThrow(/not an RTS PDU/);
  });
});
