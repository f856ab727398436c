--[[
  The acknowledgement path in one step: de-duplicate, queue, make the drain job due.
  KEYS[1] de-dupe key, KEYS[2] the channel's inbox zset,
  KEYS[3] due zset, KEYS[4] lease zset, KEYS[5] job hash, KEYS[6] attempts hash
  ARGV[1] de-dupe TTL (ms), ARGV[2] event time (ms), ARGV[3] inbox member,
  ARGV[4] drain job id, ARGV[5] now (ms), ARGV[6] job kind, ARGV[7] channel
  Returns 0 for a duplicate (nothing written), 1 when queued.
  The drain job: waiting in `due` already, it will see the new event; running (leased) or absent,
  it is made due again, one millisecond past its claimed time so the running handler's
  completeTimer leaves the new schedule alone.
]]
--@include jobs.lua
if not redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
local id = ARGV[4]
if redis.call('ZSCORE', KEYS[3], id) and redis.call('HEXISTS', KEYS[5], id) == 1 then return 1 end
local due = tonumber(ARGV[5])
local old = redis.call('HGET', KEYS[5], id)
if old then
  local d = tonumber(cjson.decode(old)['d'])
  if d and d >= due then due = d + 1 end
end
scheduleJob(KEYS[3], KEYS[4], KEYS[5], KEYS[6], id, due, cjson.encode({ i = id, d = due, k = ARGV[6], p = { ch = ARGV[7] } }))
return 1
