import proxyAddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';

export type TrustProxySetting = boolean | number | string;
type TrustFunction = (address: string, hop: number) => boolean;

const compiled = new Map<TrustProxySetting, TrustFunction>();

/**
 * Which hops TRUST_PROXY trusts, as one function that Fastify (HTTP) and the gateways (sockets)
 * both use, so a client's address is decided the same way everywhere: `false` trusts nothing;
 * `true` every hop; a number that many hops from the server; an address list (IPs, CIDRs,
 * `loopback`…) the peers it names — and only those: a client that connects straight from
 * elsewhere cannot choose its address by sending X-Forwarded-For.
 */
export function trustProxyFunction(setting: TrustProxySetting): TrustFunction {
  let trust = compiled.get(setting);
  if (!trust) {
    if (setting === true) trust = () => true;
    else if (setting === false) trust = () => false;
    else if (typeof setting === 'number') trust = (_address, hop) => hop < setting;
    else trust = proxyAddr.compile(setting.split(',').map((entry) => entry.trim()));
    compiled.set(setting, trust);
  }
  return trust;
}

/** The client's address: the socket's peer, or the X-Forwarded-For entry trusted hops vouch for. */
export function clientIp(request: IncomingMessage, trustProxy: TrustProxySetting): string | null {
  if (!request?.socket?.remoteAddress) return null;
  return clip(proxyAddr(request, trustProxyFunction(trustProxy)));
}

function clip(address: string | undefined): string | null {
  if (!address) return null;
  return (address.startsWith('::ffff:') ? address.slice(7) : address).slice(0, 64);
}
