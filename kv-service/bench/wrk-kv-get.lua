-- wrk script: GET /kv/{key} of the keys wrk-kv-cas.lua created with the same <keys> and <tag>
-- (run it first, with as many threads). Prints successful reads/s.
--   wrk -t32 -c32 -d10s -s wrk-kv-get.lua http://127.0.0.1:9000 -- <keys> <tag>
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-common.lua")

function request()
  return wrk.format("GET", "/kv/" .. key(math.random(keys)))
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
  else
    refused = refused + 1
  end
end
