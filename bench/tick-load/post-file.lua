-- wrk script for bench/tick-load.sh: POSTs one file's bytes on every request.
-- usage: wrk ... -s post-file.lua URL -- BODY_FILE WRITE_KEY CONTENT_TYPE
-- The request is built once per thread (no `request` function), so wrk's Lua costs nothing per request.
function init(args)
  local file = assert(io.open(args[1], "rb"))
  wrk.body = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. args[2]
  wrk.headers["Content-Type"] = args[3]
end
