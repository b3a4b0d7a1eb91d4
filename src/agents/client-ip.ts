import type { IncomingMessage } from 'node:http';

/**
 * The agent's address as API.md's TRUST_PROXY describes it: the socket's peer, or — behind trusted
 * proxies — the X-Forwarded-For entry they vouch for. A number trusts that many hops; `true` trusts
 * every hop (the left-most entry); an address list is treated as one trusted hop, which is what a
 * single load balancer in front amounts to.
 */
export function clientIp(
  request: IncomingMessage,
  trustProxy: boolean | number | string,
): string | null {
  const peer = request.socket?.remoteAddress ?? null;
  if (trustProxy === false || trustProxy === 0) return clip(peer);
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (forwarded.length === 0) return clip(peer);
  if (trustProxy === true) return clip(forwarded[0]);
  const hops = typeof trustProxy === 'number' ? trustProxy : 1;
  // Chain from nearest to farthest: the peer, then X-Forwarded-For right to left.
  const chain = [peer, ...forwarded.reverse()];
  return clip(chain[Math.min(hops, chain.length - 1)]);
}

function clip(address: string | null | undefined): string | null {
  if (!address) return null;
  return (address.startsWith('::ffff:') ? address.slice(7) : address).slice(0, 64);
}
