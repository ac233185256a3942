-- wrk script: the compare-and-set of wrk-kv-cas.lua against etcd's v3 JSON gateway: a txn that
-- compares the key's mod_revision (0: absent) with the revision last seen, puts on success and
-- reads the key on failure, so a refused CAS answers the current revision as the KV does.
--   wrk -t32 -c32 -d10s -s wrk-etcd-cas.lua http://127.0.0.1:23790 -- <keys> <tag>
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-common.lua")
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function base64(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    for j = 3, 0, -1 do
      local k = math.floor(n / 64 ^ j) % 64
      table.insert(out, alphabet:sub(k + 1, k + 1))
    end
  end
  local pad = (3 - #s % 3) % 3
  return table.concat(out):sub(1, #out - pad) .. string.rep("=", pad)
end

function request()
  current = math.random(keys)
  local encoded = base64(key(current))
  local rev = seen[current] or 0
  local value = base64('{"n":' .. (rev + 1) .. ',"status":"idle","battery":87.5}')
  local body = '{"compare":[{"key":"' .. encoded .. '","result":"EQUAL","target":"MOD","mod_revision":"'
    .. rev .. '"}],"success":[{"request_put":{"key":"' .. encoded .. '","value":"' .. value
    .. '"}}],"failure":[{"request_range":{"key":"' .. encoded .. '"}}]}'
  return wrk.format("POST", "/v3/kv/txn", nil, body)
end

function response(status, headers, body)
  if status == 200 and body:find('"succeeded":true', 1, true) then
    ok = ok + 1
    seen[current] = tonumber(body:match('"revision":"(%d+)"'))
  else
    refused = refused + 1
    local rev = body:match('"mod_revision":"(%d+)"')
    if rev then
      seen[current] = tonumber(rev)
    end
  end
end
