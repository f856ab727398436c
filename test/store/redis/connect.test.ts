import Redis, { Cluster } from 'ioredis';
import { loadEnv } from '../../../src/config/env';
import { connectRedis, RedisUrlError } from '../../../src/store/redis/connect';
import { RedisKeys, shardOf, shardOfJob, SHARDS } from '../../../src/store/redis/keys';

describe('REDIS_URL: single, Sentinel or Cluster', () => {
  const lazy = { lazyConnect: true };

  test('redis:// is one Redis', () => {
    const r = connectRedis('redis://127.0.0.1:6390/2', lazy);
    expect(r).toBeInstanceOf(Redis);
    expect((r as Redis).options).toMatchObject({ host: '127.0.0.1', port: 6390, db: 2 });
    r.disconnect();
  });

  test('redis-sentinel:// names the sentinels and the master', () => {
    const r = connectRedis('redis-sentinel://:s%40cret@10.0.0.1:26379,10.0.0.2:26380/mymaster', lazy) as Redis;
    expect(r.options).toMatchObject({ sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26380 }], name: 'mymaster', password: 's@cret' });
    r.disconnect();
  });

  test('redis-cluster:// is a Cluster client over the nodes given', () => {
    const r = connectRedis('redis-cluster://10.0.0.1:7000,10.0.0.2:7001', lazy);
    expect(r).toBeInstanceOf(Cluster);
    r.disconnect();
  });

  test('anything else is refused with the reason, never the password', () => {
    expect(() => connectRedis('http://u:hunter2@example.com')).toThrow(RedisUrlError);
    expect(() => connectRedis('redis-cluster://:hunter2@10.0.0.1')).toThrow(/host:port/);
    expect(() => connectRedis('redis-cluster://:hunter2@10.0.0.1')).not.toThrow(/hunter2/);
  });

  test('the environment accepts the three forms and refuses a prefix that would become a hash tag', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' };
    for (const url of ['redis://127.0.0.1:6379', 'rediss://h:6380', 'redis-sentinel://h1:26379,h2:26379/mymaster', 'redis-cluster://h1:7000,h2:7001']) {
      expect(loadEnv({ ...base, REDIS_URL: url }).REDIS_URL).toBe(url);
    }
    expect(() => loadEnv({ ...base, REDIS_URL: 'http://h:1' })).toThrow(/REDIS_URL/);
    expect(() => loadEnv({ ...base, REDIS_PREFIX: 'sla{x}:' })).toThrow(/REDIS_PREFIX/);
  });
});

describe('key layout', () => {
  test("a channel's keys and jobs share one hash tag; channels spread over every shard", () => {
    const k = new RedisKeys('p:');
    const tag = (key: string) => /\{[^}]+\}/.exec(key)![0];
    const c = 'C0ACME';
    const tags = new Set([k.state(c), k.pause(c), k.inbox(c), k.dedupe(c, 'evt:1'), k.waiting(shardOf(c)), k.log(shardOf(c), 'findings'), ...k.timersOfJob(`response-time|${c}|rt:main`).list, ...k.timersOfJob(`effect|${c}|uuid`).list, ...k.timersOfJob(`inbox|${c}`).list].map(tag));
    expect(tags.size).toBe(1);
    const used = new Set(Array.from({ length: 1000 }, (_, i) => shardOf(`C0${i.toString(36).toUpperCase()}`)));
    expect(used.size).toBe(SHARDS);
    expect(shardOfJob('plain-id')).toBe(shardOf('plain-id'));
    expect(() => new RedisKeys('a{b}:')).toThrow(/must not contain/);
  });
});
