--[[
  Apply one channel's transaction in its shard, atomically, as one command: a batch of a channel's
  events writes its state slices, pause, waiting entries, timers, effect jobs, inbox removal and
  records, and finishes the timer jobs it handled. (A MULTI of the same writes is ~8 commands per
  event; in a burst of timers the client-side cost of those commands was most of the work.)
  KEYS[1] state hash, KEYS[2] pause, KEYS[3] waiting hash, KEYS[4] due zset, KEYS[5] lease zset,
  KEYS[6] job hash, KEYS[7] attempts hash, KEYS[8] inbox zset, KEYS[9..11] up to three record logs
  (a fixed count: ioredis on a Cluster routes a script by its first key, so it cannot lead with a count)
  ARGV[1] counts, space-separated: state sets, state deletions, pause (0 untouched, 1 set, 2 delete),
          waiting sets, waiting deletions, completions, cancellations, schedules, inbox removals, records
  ARGV[2…] the items in that order:
    state set: field, JSON          state deletion: field
    pause set: JSON                 waiting set: field, JSON        waiting deletion: field
    completion: job id, the due time it was claimed with (finished unless rescheduled meanwhile)
    cancellation: job id            schedule: job id, due time, job JSON
    inbox removal: member           record: log index (1-3, into KEYS[9..11]), time, member
]]
--@include jobs.lua
local n = {}
for c in string.gmatch(ARGV[1], '%d+') do n[#n + 1] = tonumber(c) end
local a = 2

for _ = 1, n[1] do redis.call('HSET', KEYS[1], ARGV[a], ARGV[a + 1]); a = a + 2 end
for _ = 1, n[2] do redis.call('HDEL', KEYS[1], ARGV[a]); a = a + 1 end
if n[3] == 1 then redis.call('SET', KEYS[2], ARGV[a]); a = a + 1 elseif n[3] == 2 then redis.call('DEL', KEYS[2]) end
for _ = 1, n[4] do redis.call('HSET', KEYS[3], ARGV[a], ARGV[a + 1]); a = a + 2 end
for _ = 1, n[5] do redis.call('HDEL', KEYS[3], ARGV[a]); a = a + 1 end
-- Completions before schedules: a job handled and set again under the same id keeps its new time.
for _ = 1, n[6] do completeJob(KEYS[4], KEYS[5], KEYS[6], KEYS[7], ARGV[a], ARGV[a + 1]); a = a + 2 end
for _ = 1, n[7] do removeJob(KEYS[4], KEYS[5], KEYS[6], KEYS[7], ARGV[a]); a = a + 1 end
for _ = 1, n[8] do scheduleJob(KEYS[4], KEYS[5], KEYS[6], KEYS[7], ARGV[a], ARGV[a + 1], ARGV[a + 2]); a = a + 3 end
for _ = 1, n[9] do redis.call('ZREM', KEYS[8], ARGV[a]); a = a + 1 end
for _ = 1, n[10] do redis.call('ZADD', KEYS[8 + tonumber(ARGV[a])], ARGV[a + 1], ARGV[a + 2]); a = a + 3 end
return 1
