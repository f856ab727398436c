--[[
  Shared steps on a shard's timer keys, included by scripts with `--@include jobs.lua`
  (KEYS order everywhere: due zset, lease zset, job hash, attempts hash).
]]
-- Make a job due at `dueAt` with its compact JSON, as if new (not leased, no attempts).
local function scheduleJob(due, lease, jobs, attempts, id, dueAt, json)
  redis.call('HSET', jobs, id, json)
  redis.call('ZADD', due, dueAt, id)
  redis.call('ZREM', lease, id)
  redis.call('HDEL', attempts, id)
end

-- Finish a claimed job, unless it was rescheduled (another due time) or cancelled while it was handled.
local function completeJob(due, lease, jobs, attempts, id, claimedDueAt)
  if not redis.call('ZSCORE', lease, id) then return 0 end
  local job = redis.call('HGET', jobs, id)
  if not job then
    redis.call('ZREM', lease, id)
    return 0
  end
  -- pcall: a script that fails half-way is not rolled back, so an unreadable job is left alone, never fatal.
  local ok, decoded = pcall(cjson.decode, job)
  if not ok or type(decoded) ~= 'table' or tonumber(decoded['d']) ~= tonumber(claimedDueAt) then return 0 end
  redis.call('ZREM', lease, id)
  redis.call('ZREM', due, id)
  redis.call('HDEL', jobs, id)
  redis.call('HDEL', attempts, id)
  return 1
end

-- Forget a job everywhere.
local function removeJob(due, lease, jobs, attempts, id)
  redis.call('ZREM', lease, id)
  redis.call('ZREM', due, id)
  redis.call('HDEL', jobs, id)
  redis.call('HDEL', attempts, id)
end
