import Redis, { Cluster, type RedisOptions } from 'ioredis';

/**
 * One REDIS_URL for the three ways teams run Redis:
 *   redis://[user:password@]host:port[/db]  (rediss:// for TLS)        a single Redis
 *   redis-sentinel://[:password@]host:port,host:port/<master name>     Sentinel: the master it names
 *   redis-cluster://[:password@]host:port,host:port                    Cluster: any reachable nodes
 * Commands fail fast while Redis is away (the caller answers Slack 500 and Slack retries).
 */
const COMMON: RedisOptions = { maxRetriesPerRequest: 2, enableAutoPipelining: true };

export class RedisUrlError extends Error {}

export function connectRedis(url: string, extra: RedisOptions = {}): Redis | Cluster {
  const sentinel = /^redis-sentinel:\/\/(?:([^@/]*)@)?([^/]+)\/([^/?#]+)$/.exec(url);
  if (sentinel) {
    return new Redis({ ...COMMON, ...extra, sentinels: hosts(sentinel[2], url), name: decodeURIComponent(sentinel[3]), ...auth(sentinel[1]) });
  }
  const cluster = /^redis-cluster:\/\/(?:([^@/]*)@)?([^/]+)\/?$/.exec(url);
  if (cluster) {
    return new Cluster(hosts(cluster[2], url), { enableAutoPipelining: true, redisOptions: { ...COMMON, ...extra, ...auth(cluster[1]) } });
  }
  if (/^rediss?:\/\//.test(url)) return new Redis(url, { ...COMMON, ...extra });
  throw new RedisUrlError(`REDIS_URL must start with redis://, rediss://, redis-sentinel:// or redis-cluster:// (got "${url.split('://')[0]}://…")`);
}

function hosts(list: string, url: string): Array<{ host: string; port: number }> {
  return list.split(',').map((hp) => {
    const m = /^([^:,]+):(\d+)$/.exec(hp.trim());
    if (!m) throw new RedisUrlError(`REDIS_URL host "${hp}" must be host:port (in ${url.split('@').pop()})`);
    return { host: m[1], port: Number(m[2]) };
  });
}

function auth(userinfo: string | undefined): { username?: string; password?: string } {
  if (!userinfo) return {};
  const [user, password] = userinfo.split(':');
  return { username: user || undefined, password: password ? decodeURIComponent(password) : undefined };
}
