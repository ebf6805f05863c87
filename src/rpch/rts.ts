import { randomBytes } from 'node:crypto';

/**
 * RTS PDUs of RPC over HTTP v2 (MS-RPCH 2.2.3): a 20-byte header (the DCE/RPC common header with PTYPE 20,
 * then RTS flags and a command count) followed by commands, each a little-endian u32 type and its body.
 */
export const RTS_PTYPE = 20;
export const RTS_FLAG_NONE = 0x0;
export const RTS_FLAG_PING = 0x1;
export const RTS_FLAG_OTHER_CMD = 0x2;
export const RTS_FLAG_IN_CHANNEL = 0x8;
export const RTS_FLAG_OUT_CHANNEL = 0x10;
export const RTS_FLAG_EOF = 0x20;
/** The proxy's answer to the echo request (MS-RPCH 2.2.4.47): this flag and no commands, 20 bytes. */
export const RTS_FLAG_ECHO = 0x40;

export type RtsCommand =
  | { type: 'ReceiveWindowSize'; value: number }
  | { type: 'FlowControlAck'; bytesReceived: number; availableWindow: number; cookie: Buffer }
  | { type: 'ConnectionTimeout'; value: number }
  | { type: 'Cookie'; cookie: Buffer }
  | { type: 'ChannelLifetime'; value: number }
  | { type: 'ClientKeepalive'; value: number }
  | { type: 'Version'; value: number }
  | { type: 'Empty' }
  | { type: 'Padding'; length: number }
  | { type: 'NegativeANCE' }
  | { type: 'ANCE' }
  /** Windows puts bytes in the 12-byte padding (impacket's vectors show them); kept so PDUs round-trip. */
  | { type: 'ClientAddress'; address: string; padding?: Buffer }
  | { type: 'AssociationGroupId'; cookie: Buffer }
  | { type: 'Destination'; value: number }
  | { type: 'PingTrafficSentNotify'; value: number };

const TYPE_IDS: Record<RtsCommand['type'], number> = {
  ReceiveWindowSize: 0,
  FlowControlAck: 1,
  ConnectionTimeout: 2,
  Cookie: 3,
  ChannelLifetime: 4,
  ClientKeepalive: 5,
  Version: 6,
  Empty: 7,
  Padding: 8,
  NegativeANCE: 9,
  ANCE: 10,
  ClientAddress: 11,
  AssociationGroupId: 12,
  Destination: 13,
  PingTrafficSentNotify: 14,
};

export interface RtsPdu {
  flags: number;
  commands: RtsCommand[];
}

function u32(value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value >>> 0);
  return buffer;
}

function encodeCommand(command: RtsCommand): Buffer {
  const type = u32(TYPE_IDS[command.type]);
  switch (command.type) {
    case 'ReceiveWindowSize':
    case 'ConnectionTimeout':
    case 'ChannelLifetime':
    case 'ClientKeepalive':
    case 'Version':
    case 'Destination':
    case 'PingTrafficSentNotify':
      return Buffer.concat([type, u32(command.value)]);
    case 'Cookie':
    case 'AssociationGroupId':
      return Buffer.concat([type, command.cookie]);
    case 'FlowControlAck':
      return Buffer.concat([type, u32(command.bytesReceived), u32(command.availableWindow), command.cookie]);
    case 'Padding':
      return Buffer.concat([type, u32(command.length), Buffer.alloc(command.length)]);
    case 'ClientAddress': {
      const v6 = command.address.includes(':');
      const bytes = v6 ? Buffer.alloc(16) : Buffer.from(command.address.split('.').map(Number));
      return Buffer.concat([type, u32(v6 ? 1 : 0), bytes, command.padding ?? Buffer.alloc(12)]);
    }
    case 'Empty':
    case 'NegativeANCE':
    case 'ANCE':
      return type;
  }
}

export function encodeRts(pdu: RtsPdu): Buffer {
  const body = Buffer.concat(pdu.commands.map(encodeCommand));
  const header = Buffer.alloc(20);
  header.writeUInt8(5, 0);
  header.writeUInt8(0, 1);
  header.writeUInt8(RTS_PTYPE, 2);
  header.writeUInt8(0x03, 3); // PFC_FIRST_FRAG | PFC_LAST_FRAG
  header.writeUInt32LE(0x00000010, 4); // data representation: little-endian, ASCII, IEEE
  header.writeUInt16LE(20 + body.length, 8);
  header.writeUInt16LE(0, 10);
  header.writeUInt32LE(0, 12);
  header.writeUInt16LE(pdu.flags, 16);
  header.writeUInt16LE(pdu.commands.length, 18);
  return Buffer.concat([header, body]);
}

/** The only error decodeRts throws: the bytes are not a well-formed RTS PDU. */
export class RtsDecodeError extends Error {
  override name = 'RtsDecodeError';
}

/** Parses one RTS PDU; throws RtsDecodeError on anything malformed (callers treat that as a protocol error). */
export function decodeRts(data: Buffer): RtsPdu {
  if (data.length < 20) throw new RtsDecodeError('RTS PDU shorter than its header');
  if (data[0] !== 5 || data[2] !== RTS_PTYPE)
    throw new RtsDecodeError(`not an RTS PDU (version ${data[0]}, type ${data[2]})`);
  const fragLength = data.readUInt16LE(8);
  if (fragLength > data.length) throw new RtsDecodeError('RTS PDU truncated');
  const flags = data.readUInt16LE(16);
  const count = data.readUInt16LE(18);
  const commands: RtsCommand[] = [];
  let at = 20;
  const need = (n: number): void => {
    if (at + n > fragLength) throw new RtsDecodeError('RTS command truncated');
  };
  for (let i = 0; i < count; i++) {
    need(4);
    const id = data.readUInt32LE(at);
    at += 4;
    const value = (): number => {
      need(4);
      const v = data.readUInt32LE(at);
      at += 4;
      return v;
    };
    const bytes = (n: number): Buffer => {
      need(n);
      const b = Buffer.from(data.subarray(at, at + n));
      at += n;
      return b;
    };
    switch (id) {
      case 0:
        commands.push({ type: 'ReceiveWindowSize', value: value() });
        break;
      case 1:
        commands.push({
          type: 'FlowControlAck',
          bytesReceived: value(),
          availableWindow: value(),
          cookie: bytes(16),
        });
        break;
      case 2:
        commands.push({ type: 'ConnectionTimeout', value: value() });
        break;
      case 3:
        commands.push({ type: 'Cookie', cookie: bytes(16) });
        break;
      case 4:
        commands.push({ type: 'ChannelLifetime', value: value() });
        break;
      case 5:
        commands.push({ type: 'ClientKeepalive', value: value() });
        break;
      case 6:
        commands.push({ type: 'Version', value: value() });
        break;
      case 7:
        commands.push({ type: 'Empty' });
        break;
      case 8: {
        const length = value();
        bytes(length);
        commands.push({ type: 'Padding', length });
        break;
      }
      case 9:
        commands.push({ type: 'NegativeANCE' });
        break;
      case 10:
        commands.push({ type: 'ANCE' });
        break;
      case 11: {
        const kind = value();
        const raw = bytes(kind === 1 ? 16 : 4);
        const padding = bytes(12);
        commands.push({
          type: 'ClientAddress',
          address: kind === 1 ? raw.toString('hex').replace(/(.{4})(?!$)/g, '$1:') : [...raw].join('.'),
          ...(padding.some((b) => b !== 0) && { padding }),
        });
        break;
      }
      case 12:
        commands.push({ type: 'AssociationGroupId', cookie: bytes(16) });
        break;
      case 13:
        commands.push({ type: 'Destination', value: value() });
        break;
      case 14:
        commands.push({ type: 'PingTrafficSentNotify', value: value() });
        break;
      default:
        throw new RtsDecodeError(`unknown RTS command ${id}`);
    }
  }
  return { flags, commands };
}

export const newCookie = (): Buffer => randomBytes(16);

/** CONN/A1 (76 bytes), sent on the OUT channel. */
export function connA1(virtualConnection: Buffer, outChannel: Buffer, receiveWindow = 262144): Buffer {
  return encodeRts({
    flags: RTS_FLAG_NONE,
    commands: [
      { type: 'Version', value: 1 },
      { type: 'Cookie', cookie: virtualConnection },
      { type: 'Cookie', cookie: outChannel },
      { type: 'ReceiveWindowSize', value: receiveWindow },
    ],
  });
}

/** CONN/B1 (104 bytes), sent on the IN channel. */
export function connB1(virtualConnection: Buffer, inChannel: Buffer, associationGroup: Buffer): Buffer {
  return encodeRts({
    flags: RTS_FLAG_NONE,
    commands: [
      { type: 'Version', value: 1 },
      { type: 'Cookie', cookie: virtualConnection },
      { type: 'Cookie', cookie: inChannel },
      { type: 'ChannelLifetime', value: 1073741824 },
      { type: 'ClientKeepalive', value: 300000 },
      { type: 'AssociationGroupId', cookie: associationGroup },
    ],
  });
}

/** CONN/A3 (28 bytes) and CONN/C2 (44 bytes): what the proxy sends back on the OUT channel. */
export const connA3 = (timeout = 120000): Buffer =>
  encodeRts({ flags: RTS_FLAG_NONE, commands: [{ type: 'ConnectionTimeout', value: timeout }] });
export const connC2 = (timeout = 120000, window = 65536): Buffer =>
  encodeRts({
    flags: RTS_FLAG_NONE,
    commands: [
      { type: 'Version', value: 1 },
      { type: 'ReceiveWindowSize', value: window },
      { type: 'ConnectionTimeout', value: timeout },
    ],
  });

/** Which handshake message a decoded PDU is, by its shape. */
export function classifyRts(pdu: RtsPdu): 'A3' | 'C2' | 'other' {
  const types = pdu.commands.map((c) => c.type).join(',');
  if (types === 'ConnectionTimeout') return 'A3';
  if (types === 'Version,ReceiveWindowSize,ConnectionTimeout') return 'C2';
  return 'other';
}
