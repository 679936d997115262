#!/bin/bash
# gen_rules.sh N: N realistic rule sections, none of which matches the bench
# message (bench/rules/message.eml from client 127.0.0.1, helo
# client.example.org, alice@example.org -> bob@example.test), so every rule is
# tried: client networks, client name / HELO / sender / recipient patterns,
# header and body patterns, size, rcpt_count and TLS conditions, in the
# proportions of a milter-greylist-style rule set.
n=${1:-100}
for ((i = 0; i < n; i++)); do
    case $((i % 10)) in
    0) echo "rule c$i { stage = connect; client = { \"198.51.100.$((i % 250))/32\", \"203.0.113.0/28\" }; action = reject; }" ;;
    1) echo "rule n$i { stage = connect; client_name = \"(^|[.-])(dyn|pool|dsl|cable)-?$i[.-]\"; action = continue; add_header = \"X-Dyn: %t\"; }" ;;
    2) echo "rule h$i { stage = helo; helo = \"^(localhost|\\\\[?127\\\\.0\\\\.0\\\\.$i\\\\]?)$\"; action = reject; }" ;;
    3) echo "rule f$i { stage = mail; from = \"@(spam|bulk)$i\\\\.example$\"; action = reject; reply = \"553 5.7.1 No %t\"; }" ;;
    4) echo "rule r$i { stage = rcpt; rcpt = \"^(abuse|spamtrap)$i@\"; action = discard; }" ;;
    5) echo "rule s$i { stage = header; header = { \"Subject\", \"(?i)\\\\b(viagra|casino)$i\\\\b\" }; action = reject; }" ;;
    6) echo "rule x$i { stage = header; header = { \"X-Mailer\", \"^(BulkMailer|MassSender) ?$i\" }; action = reject; }" ;;
    7) echo "rule b$i { stage = eom; body = \"(?i)cheap\\\\s+(pills|watches)\\\\s+$i\"; action = reject; }" ;;
    8) echo "rule z$i { stage = eom; size = \"> $((10 + i))m\"; action = reject; }" ;;
    9) echo "rule k$i { stage = data; rcpt_count = \">= $((50 + i))\"; action = tempfail; }" ;;
    esac
done
