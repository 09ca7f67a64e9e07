#!/usr/bin/env bash
# Writes the configuration of the local mail servers under $DATA_DIR/mailserver, from the
# profile's ports (scripts/env.sh). Sourced by scripts/stack.sh.
#   Postfix  SMTP on 127.0.0.1:$MAIL_SMTP_PORT; every recipient of every domain is accepted from
#            127.0.0.1 and handed to Dovecot over LMTP; a copy goes to $MAIL_CATCH_ALL.
#   Dovecot  LMTP on 127.0.0.1:$MAIL_LMTP_PORT, IMAP on 127.0.0.1:$MAIL_IMAP_PORT; one Maildir per
#            address under $DATA_DIR/mail/<domain>/<user>. The desk's own mailboxes (the
#            addresses of $MAIL_INBOXES) are static users of a passwd-file; any other address (a
#            client's, the catch-all) logs in with $MAIL_PASSWORD too, so tests read what it got.
MAIL_CONF="$DATA_DIR/mailserver"
MAIL_STORE="$DATA_DIR/mail"

# Dovecot refuses to run mail processes as root; the Debian "mail" user owns the store then.
mail_owner() { if [ "$(id -u)" = 0 ]; then echo mail; else id -un; fi; }

write_dovecot_conf() {
  local owner; owner=$(mail_owner)
  mkdir -p "$MAIL_CONF/dovecot" "$MAIL_STORE"
  chown "$owner:" "$MAIL_STORE"
  : >"$MAIL_CONF/dovecot/users"
  local box
  for box in ${MAIL_INBOXES//,/ }; do echo "${box%%=*}:{PLAIN}$IMAP_PASSWORD::::::" >>"$MAIL_CONF/dovecot/users"; done
  local extra=""
  # Run as an ordinary user, Dovecot keeps every process under that user.
  [ "$(id -u)" = 0 ] || extra="default_internal_user = $owner
default_login_user = $owner"
  cat >"$MAIL_CONF/dovecot/dovecot.conf" <<CONF
protocols = imap lmtp
listen = 127.0.0.1
base_dir = $MAIL_CONF/dovecot/run
state_dir = $MAIL_CONF/dovecot/state
instance_name = incident-desk-$PROFILE
log_path = $LOG_DIR/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_username_format = %Lu
first_valid_uid = 1
mail_uid = $owner
mail_gid = $(id -gn "$owner")
mail_location = maildir:~/Maildir
# Tests and the desk's reader open many sessions from 127.0.0.1 at once.
mail_max_userip_connections = 200
$extra
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%Lu $MAIL_CONF/dovecot/users
}
passdb {
  driver = static
  args = password=$MAIL_PASSWORD
}
userdb {
  driver = static
  args = home=$MAIL_STORE/%Ld/%Ln allow_all_users=yes
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $MAIL_IMAP_PORT
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = $MAIL_LMTP_PORT
  }
}
protocol imap {
  imap_idle_notify_interval = 10 secs
}
CONF
}

write_postfix_conf() {
  local dir="$MAIL_CONF/postfix"
  mkdir -p "$dir" "$dir/queue" "$dir/data"
  chown postfix: "$dir/data" 2>/dev/null || true
  cat >"$dir/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.incident-desk.local
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
relay_domains =
local_recipient_maps =
# Every address of every domain is a mailbox of the local Dovecot.
virtual_mailbox_domains = static:all
virtual_mailbox_maps = static:all
virtual_transport = lmtp:inet:127.0.0.1:$MAIL_LMTP_PORT
always_bcc = $MAIL_CATCH_ALL
smtpd_recipient_restrictions = permit_mynetworks, reject
# Headers stay as the sender wrote them (no From, Date or Message-ID added to mail from
# 127.0.0.1), as a relay leaves mail from outside: tests send malformed mail on purpose.
local_header_rewrite_clients =
smtputf8_enable = no
biff = no
# Mail with a 50 MB attachment must reach the desk, which refuses it with its reason (base64
# makes 50 MB about 68 MB on the wire).
message_size_limit = 104857600
mailbox_size_limit = 0
maillog_file_prefixes = $LOG_DIR
maillog_file = $LOG_DIR/postfix.log
# Delivery to Dovecot is retried within seconds when it was down.
queue_run_delay = 5s
minimal_backoff_time = 5s
maximal_backoff_time = 30s
CONF
  cat >"$dir/master.cf" <<CONF
127.0.0.1:$MAIL_SMTP_PORT inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
CONF
}
