import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack request signing, v0: HMAC-SHA256 over `v0:<timestamp>:<raw body>`, hex, prefixed "v0=". */
export function signSlackRequest(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export function verifySlackSignature(secret: string, timestamp: number, body: string, signature: string, nowSec = Math.floor(Date.now() / 1000)): boolean {
  if (Math.abs(nowSec - timestamp) > 300) return false;
  const expected = Buffer.from(signSlackRequest(secret, timestamp, body));
  const got = Buffer.from(signature);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
