-- wrk script: compare-and-set by version on the KV's plain HTTP API (POST /kv/cas), as a user of
-- another language runs it. Run with one connection per thread (-t N -c N): each thread then has
-- one request in flight and owns its keys, `keys` of them, wrk:<tag>:<thread>:<k>. A key's first
-- CAS creates it (expect_absent); later ones expect the version last seen — of the thread's own
-- previous CAS, or the current one a refused CAS answers with. Prints successful CAS/s.
--   wrk -t32 -c32 -d10s -s wrk-kv-cas.lua http://127.0.0.1:9000 -- <keys> <tag>
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-common.lua")

function request()
  current = math.random(keys)
  local v = seen[current]
  local expect = v and ('"expected_version":' .. v) or '"expect_absent":true'
  local body = '{"key":"' .. key(current) .. '",' .. expect
    .. ',"new":{"n":' .. ((v or 0) + 1) .. ',"status":"idle","battery":87.5}}'
  return wrk.format("POST", "/kv/cas", nil, body)
end

function response(status, headers, body)
  local v = body:match('"version":(%d+)')
  if v then
    seen[current] = tonumber(v)
  end
  if status == 200 and body:find('"ok":true', 1, true) then
    ok = ok + 1
  else
    refused = refused + 1
  end
end
