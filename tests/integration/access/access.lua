-- access.lua: milterpack-milter at the protocol level, driven by miltertest
-- (no MTA). The wrapper miltertest.sh starts the filter; MP_SOCK names its socket.
-- Reply kinds only: miltertest cannot show reply texts (the sendmail test does).
local function main()
  local sock = os.getenv("MP_SOCK")
  local conn = mt.connect(sock, 80, 0.05)
  assert(conn, "mt.connect() failed")
  assert(mt.negotiate(conn, nil, nil, nil) == nil, "negotiate failed")
  assert(mt.test_action(conn, SMFIF_ADDHDRS), "no ADDHDRS")
  assert(mt.test_action(conn, SMFIF_DELRCPT), "no DELRCPT")

  local function step(noopt, fn, ...)
    if noopt ~= nil and mt.test_option(conn, noopt) then return "skipped" end
    local err = fn(conn, ...)
    assert(err == nil, tostring(err))
    return mt.getreply(conn)
  end

  -- a rejected client: the connect callback continues, HELO carries the map's reply
  mt.macro(conn, SMFIC_CONNECT, "{client_addr}", "192.0.2.66", "{daemon_name}", "MTA-RX")
  assert(step(SMFIP_NOCONNECT, mt.conninfo, "bad.example", "192.0.2.66") == SMFIR_CONTINUE)
  assert(step(SMFIP_NOHELO, mt.helo, "bad.example") == SMFIR_REPLYCODE, "HELO not refused")
  mt.echo("ok: cltaddr:192.0.2 -> HELO reply code")
  mt.disconnect(conn)

  -- a good client: to: rules at RCPT, from: at MAIL
  conn = mt.connect(sock, 80, 0.05)
  assert(mt.negotiate(conn, nil, nil, nil) == nil, "negotiate failed")
  mt.macro(conn, SMFIC_CONNECT, "{client_addr}", "198.51.100.7", "{client_name}", "good.example",
           "{client_resolve}", "OK")
  assert(step(SMFIP_NOCONNECT, mt.conninfo, "good.example", "198.51.100.7") == SMFIR_CONTINUE)
  assert(step(SMFIP_NOHELO, mt.helo, "good.example") == SMFIR_CONTINUE)
  mt.macro(conn, SMFIC_MAIL, "i", "4AbCdE")
  assert(step(SMFIP_NOMAIL, mt.mailfrom, "<x@spammer.example>") == SMFIR_REPLYCODE, "spammer not refused")
  mt.echo("ok: from:@spammer.example -> MAIL reply code")
  assert(step(SMFIP_NOMAIL, mt.mailfrom, "<alice@example.org>") == SMFIR_CONTINUE)
  assert(step(SMFIP_NORCPT, mt.rcptto, "<root@example.test>") == SMFIR_REPLYCODE, "root not refused")
  assert(step(SMFIP_NORCPT, mt.rcptto, "<temp@example.test>") == SMFIR_REPLYCODE, "temp not refused")
  assert(step(SMFIP_NORCPT, mt.rcptto, "<bob@example.test>") == SMFIR_CONTINUE, "bob refused")
  assert(step(SMFIP_NORCPT, mt.rcptto, "<nobody+x@example.test>") == SMFIR_CONTINUE, "discard rcpt refused")
  mt.echo("ok: to: entries at RCPT")
  assert(mt.eom(conn) == nil, "eom failed")
  assert(mt.getreply(conn) == SMFIR_CONTINUE, "EOM not CONTINUE")
  assert(mt.eom_check(conn, MT_RCPTDELETE, "<nobody+x@example.test>"), "discarded rcpt not deleted")
  mt.echo("ok: to: discard -> smfi_delrcpt at EOM")
  mt.disconnect(conn)
end

local ok, err = pcall(main)
if not ok then mt.echo("FAIL: " .. tostring(err)); error(err) end
mt.echo("PASS")
