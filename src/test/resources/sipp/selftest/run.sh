#!/bin/bash
# Runs every SIPp scenario of the feature ITs against a counterpart on 127.0.0.1 (no bridge, no
# Kamailio): catches scenario bugs (syntax, header keywords, checks) without the code under test.
# Usage: src/test/resources/sipp/selftest/run.sh   (from anywhere; needs sipp; uses ports 15060/15061)
set -u
S=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d)
cd "$T"
fail=0
# pair NAME UAS UAC [uas-args] -- [uac-args]; placeholders are replaced with sed beforehand
pair() {
  local name=$1 uas=$2 uac=$3 uasargs=$4 uacargs=$5 expect=${6:-0}
  sipp -sf "$uas" -i 127.0.0.1 -p 15060 -mi 127.0.0.1 -mp 16000 -m 1 $uasargs -timeout 20s -timeout_error \
    -nostdin -trace_err > uas.out 2>&1 &
  local upid=$!
  sleep 0.5
  sipp -sf "$uac" -i 127.0.0.1 -p 15061 -mi 127.0.0.1 -mp 16010 -m 1 $uacargs -timeout 20s -timeout_error \
    -nostdin -trace_err 127.0.0.1:15060 > uac.out 2>&1
  local crc=$?
  wait $upid
  local src=$?
  if [ $crc -eq 0 ] && [ $src -eq 0 ]; then r=0; else r=1; fi
  if [ $r -eq "$expect" ]; then echo "ok   $name (uac $crc, uas $src)"; else echo "FAIL $name (uac $crc, uas $src)"; cat ./*errors.log 2>/dev/null; fail=1; fi
  rm -f ./*errors.log
}
sub() { sed "$2" "$1" > "$T/$(basename "$1" .xml)-$3.xml"; echo "$T/$(basename "$1" .xml)-$3.xml"; }

pair "uas-hold-resume" "$S/uas-hold-resume.xml" "$(sub "$S/selftest/uac-hold-resume.xml" s/@after_hold@/resume/ r)" "" "-s 5700"
pair "uas-hold-resume without resume fails" "$S/uas-hold-resume.xml" "$(sub "$S/selftest/uac-hold-resume.xml" s/@after_hold@/bye/ b)" "" "-s 5700" 1
pair "uas-hold" "$S/uas-hold.xml" "$T/uac-hold-resume-b.xml" "" "-s 5700"
pair "uas-hold with a resume fails" "$S/uas-hold.xml" "$T/uac-hold-resume-r.xml" "" "-s 5700" 1
pair "uas-refer-refused" "$S/uas-refer-refused.xml" "$S/selftest/uac-refer-refused.xml" "" "-s 5710"
pair "uas-ring-cancel" "$S/uas-ring-cancel.xml" "$S/selftest/uac-cancel.xml" "" "-s 5711"
pair "uas-conference x3" "$S/uas-conference.xml" "$S/uac-call.xml" "-m 3 -trace_logs -log_file $T/conf.log" "-m 3 -s 5900"
[ "$(grep -c 'conference caller 4100' "$T/conf.log")" = 3 ] && echo "ok   uas-conference logged 3 callers" || { echo "FAIL uas-conference log"; fail=1; }
pair "uac-expect-302" "$(sub "$S/selftest/uas-redirect.xml" 's/@status@/302/;s/@target@/5750/' r302)" "$(sub "$S/uac-expect-302.xml" s/@target@/5750/ 5750)" "" "-s 3102"
pair "uac-expect-302 wrong target fails" "$T/uas-redirect-r302.xml" "$(sub "$S/uac-expect-302.xml" s/@target@/5751/ 5751)" "" "-s 3102" 1
pair "uac-expect-reject 486" "$(sub "$S/selftest/uas-redirect.xml" 's/@status@/486/;s/@target@/5750/' r486)" "$(sub "$S/uac-expect-reject.xml" s/@status@/486/ 486)" "" "-s 3102"
pair "uac-replaces-unknown" "$(sub "$S/uas-reject.xml" s/@status@/481/ 481)" "$S/uac-replaces-unknown.xml" "" "-s 3202"
pair "uac-reinvite-direction" "$S/uas-hold-resume.xml" "$S/uac-reinvite-direction.xml" "" "-s 3202"
pair "uac-call-held" "$S/selftest/uas-hold-caller.xml" "$S/uac-call-held.xml" "" "-s 3101"
pair "uac-refer" "$S/selftest/uas-refer-accept.xml" "$(sub "$S/uac-refer.xml" s/@target@/5820/ 5820)" "" "-s 3202"
pair "uas-mwi-notifier" "$(sub "$S/uas-mwi-notifier.xml" s/@pause@/300/ p300)" "$S/selftest/uac-mwi-subscribe.xml" "" "-s 3001"
pair "uac-mwi-notify" "$S/selftest/uas-mwi-notify.xml" "$(sub "$S/uac-mwi-notify.xml" 's/@waiting@/yes/;s/@new@/1/;s/@old@/2/;s/@status@/200/' y200)" "" "-s 3001"
pair "uac-mwi-notify wrong status fails" "$S/selftest/uas-mwi-notify.xml" "$(sub "$S/uac-mwi-notify.xml" 's/@waiting@/yes/;s/@new@/1/;s/@old@/2/;s/@status@/404/' y404)" "" "-s 3001" 1
rm -rf "$T"
exit $fail
