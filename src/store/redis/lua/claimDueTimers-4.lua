--[[
  Claim due timers for one caller, atomically.
  KEYS[1] due zset, KEYS[2] lease zset, KEYS[3] job hash, KEYS[4] attempts hash
  ARGV[1] now (ms), ARGV[2] limit, ARGV[3] lease (ms)
  Returns a flat array: job JSON, attempts before this claim, job JSON, attempts, ...
  1. Jobs whose lease ran out (their handler died or failed) become due again.
  2. Up to `limit` due jobs move from `due` to `lease` (score = now + lease): exactly one caller
     gets each job per lease.
]]
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local lease = tonumber(ARGV[3])

local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, limit)
for _, id in ipairs(expired) do
  redis.call('ZREM', KEYS[2], id)
  if redis.call('HEXISTS', KEYS[3], id) == 1 then
    redis.call('ZADD', KEYS[1], now, id)
  end
end

local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit)
local out = {}
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local job = redis.call('HGET', KEYS[3], id)
  if job then
    redis.call('ZADD', KEYS[2], now + lease, id)
    local attempts = redis.call('HINCRBY', KEYS[4], id, 1) - 1
    out[#out + 1] = job
    out[#out + 1] = attempts
  end
end
return out
