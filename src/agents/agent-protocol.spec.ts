import { describe, expect, it } from '@jest/globals';
import {
  AgentProtocolError,
  MAX_INFO_LENGTH,
  messageType,
  parseAgentInfo,
  parseAuth,
  parseHeartbeat,
} from './agent-protocol.js';

const INFO = {
  type: 'agent_info',
  version: '1.2.3',
  hostname: 'web-01',
  os: 'Linux',
  platform: 'linux',
};

describe('agent protocol parsers', () => {
  it('reads an auth message, with or without its type', () => {
    expect(parseAuth({ type: 'auth', api_key: 'chatops_x' })).toEqual({ apiKey: 'chatops_x' });
    expect(parseAuth({ api_key: 'chatops_x' })).toEqual({ apiKey: 'chatops_x' });
  });

  it.each([
    undefined,
    null,
    'chatops_x',
    42,
    [],
    { type: 'auth' },
    { type: 'auth', api_key: '' },
    { type: 'auth', api_key: 7 },
    { type: 'auth', api_key: 'k'.repeat(257) },
    { type: 'heartbeat', api_key: 'chatops_x' },
  ])('refuses the auth payload %j', (payload) => {
    expect(() => parseAuth(payload)).toThrow(AgentProtocolError);
  });

  it('reads agent_info, trimming its strings', () => {
    expect(parseAgentInfo({ ...INFO, hostname: ' web-01 ', extra: 'ignored' })).toEqual({
      version: '1.2.3',
      hostname: 'web-01',
      os: 'Linux',
      platform: 'linux',
    });
  });

  it.each([
    ['not an object', 'info'],
    ['an array', [INFO]],
    ['a missing field', { ...INFO, os: undefined }],
    ['a blank field', { ...INFO, os: '   ' }],
    ['a non-string field', { ...INFO, version: 3 }],
    ['an over-long field', { ...INFO, hostname: 'h'.repeat(MAX_INFO_LENGTH + 1) }],
    ['another type', { ...INFO, type: 'auth' }],
  ])('refuses agent_info with %s', (_, payload) => {
    expect(() => parseAgentInfo(payload)).toThrow(AgentProtocolError);
  });

  it('takes a heartbeat with any extra fields, or none at all', () => {
    expect(() => parseHeartbeat(undefined)).not.toThrow();
    expect(() => parseHeartbeat({ type: 'heartbeat', uptime: 5, load: [0.1] })).not.toThrow();
    expect(() => parseHeartbeat('beat')).toThrow(AgentProtocolError);
    expect(() => parseHeartbeat({ type: 'agent_info' })).toThrow(AgentProtocolError);
  });

  it('routes plain messages by their type', () => {
    expect(messageType({ type: 'auth' })).toBe('auth');
    expect(messageType({ type: 5 })).toBeUndefined();
    expect(messageType('auth')).toBeUndefined();
  });
});
