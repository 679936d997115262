// redis_script.cpp: the Lua text (see redis_script.hpp); mirrors state.cpp
// line by line: deadline, expired, touch, step, count_confirmation, decide.
// Redis runs Lua 5.1: numbers are doubles (exact for epoch seconds), GET of a
// missing key yields false, and a nil inside a returned table would cut it
// short, hence "" for "no entry".
#include "greylist/redis_script.hpp"

namespace mp::greylist {

const std::string_view kRedisScript = R"lua(
local now, gw, ge = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local we, wt, awl = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])

local function dec(v)
  if not v then return nil end
  local s, f, l, w, c = string.match(v, '^([gwc]) (%-?%d+) (%-?%d+) (%-?%d+) (%d+)$')
  if not s then return nil end
  return {s = s, f = tonumber(f), l = tonumber(l), w = tonumber(w), c = tonumber(c)}
end
local function enc(e) return string.format('%s %d %d %d %d', e.s, e.f, e.l, e.w, e.c) end
local function deadline(e)
  if e.s == 'g' then return e.f + ge end
  local d = e.l + we
  if e.s == 'w' and wt > 0 and e.w + wt < d then d = e.w + wt end
  return d
end
local function expired(e) return now > deadline(e) end
local function touch(e)
  if now > e.l then e.l = now end
  if e.c < 4294967295 then e.c = e.c + 1 end
end
local function save(k, e)
  local ttl = deadline(e) - now + 1
  if ttl < 1 then ttl = 1 end
  redis.call('SET', k, enc(e), 'PX', ttl * 1000)
  return enc(e)
end

local use_client = #KEYS > 1
local client = nil
if use_client then
  client = dec(redis.call('GET', KEYS[2]))
  if client and client.s == 'w' and not expired(client) then
    touch(client)
    return {1, 0, 'client-whitelisted', '', save(KEYS[2], client)}
  end
end

local e = dec(redis.call('GET', KEYS[1]))
local before, pass, retry, confirmed, out = 'new', 0, gw, false, nil
if e and e.s == 'c' then e = nil end
if e and expired(e) then
  if e.s == 'g' then before = 'grey-expired'
  elseif wt > 0 and now - e.w > wt then before = 'white-timeout'
  else before = 'white-expired' end
  e = nil
end
if e and e.s == 'w' then
  before, pass, retry = 'whitelisted', 1, 0
  touch(e)
  out = e
elseif e then
  before = 'greylisted'
  local age = now - e.f
  if age < 0 then age = 0 end
  if age >= gw then
    out = {s = 'w', f = e.f, l = now, w = now, c = 1}
    pass, retry, confirmed = 1, 0, true
  else
    touch(e)
    out = e
    retry = gw - age
  end
else
  out = {s = 'g', f = now, l = now, w = 0, c = 1}
end
local key_text = save(KEYS[1], out)

local client_text = ''
if use_client and confirmed then
  local c = {s = 'c', f = now, l = now, w = 0, c = 0}
  if client and client.s == 'c' and not expired(client) then c = client end
  touch(c)
  if c.c >= awl then
    c.s = 'w'
    c.w = now
  end
  client_text = save(KEYS[2], c)
end
return {pass, retry, before, key_text, client_text}
)lua";

}  // namespace mp::greylist
